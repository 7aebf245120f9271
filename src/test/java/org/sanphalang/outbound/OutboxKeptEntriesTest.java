package org.sanphalang.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import com.linecorp.bot.messaging.model.Message;
import com.linecorp.bot.messaging.model.TextMessage;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sanphalang.outbound.internal.OutboxDispatcher;
import org.sanphalang.outbound.internal.OutboxEntry;
import org.sanphalang.outbound.internal.SharedContents;
import org.sanphalang.store.StoreParts;
import org.sanphalang.testing.ListenedMongo;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * What the outbox hands its dispatcher for each entry it stored is the entry as the store reads it back, field for
 * field: on the embedded store the dispatcher leases a fresh entry with that copy instead of reading it again.
 */
class OutboxKeptEntriesTest {

    /** A clock with nanoseconds, which the store does not keep. */
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-06T03:04:05.123456789Z"), ZoneId.of("Asia/Bangkok"));

    static ListenedMongo db;
    static MongoTemplate mongo;

    final List<OutboxEntry> handedOver = new ArrayList<>();
    final Outbox outbox = new Outbox(mongo, StoreParts.nothingToCommit(), dispatcher(), settings(), CLOCK, StoreParts.embeddedQueries(CLOCK),
            new SharedContents(mongo, StoreParts.nothingToCommit(), CLOCK));

    @BeforeAll
    static void start() {
        db = new ListenedMongo(new com.mongodb.event.CommandListener() {
        });
        mongo = db.template("kept");
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    @Test
    void everyKindOfEntryHandedToTheDispatcherIsTheEntryTheStoreReadsBack() {
        List<Message> card = List.of(new TextMessage("ประชุมวันศุกร์"));
        outbox.enqueueAll(List.of(
                OutgoingMessage.reply("kept-reply", "C1", "token-1", Instant.parse("2026-12-06T03:04:01.987654321Z"), "answer", card),
                OutgoingMessage.push("kept-push", "C2", "broadcast", card)));
        outbox.enqueueMulticast("kept-multicast", List.of("U1", "U2"), "story", card);
        outbox.enqueueBroadcast("kept-broadcast", "story", card);

        assertThat(handedOver).extracting(OutboxEntry::id)
                .containsExactly("kept-reply", "kept-push", "kept-multicast#1", "kept-broadcast");
        for (OutboxEntry kept : handedOver) {
            assertThat(kept).as(kept.id()).isEqualTo(mongo.findById(kept.id(), OutboxEntry.class));
        }
        assertThat(handedOver.get(0).replyDeadline()).isEqualTo(Instant.parse("2026-12-06T03:04:51.987Z"));
    }

    @Test
    void entriesOfTheSameMessageObjectsNameOneStoredCopyOfThem() {
        Message card = new TextMessage("ประกาศ");
        List<OutgoingMessage> pushes = new ArrayList<>();
        for (int i = 0; i < 1_001; i++) {
            pushes.add(OutgoingMessage.push("shared-" + i, "C" + i, "broadcast", List.of(card)));
        }
        pushes.add(OutgoingMessage.push("shared-other", "Cx", "broadcast", List.of(new TextMessage("ประกาศ"))));

        outbox.enqueueAll(pushes);

        assertThat(handedOver).hasSize(1_002);
        String contentId = handedOver.get(0).contentId();
        assertThat(contentId).isNotNull();
        assertThat(handedOver.subList(0, 1_001)).allSatisfy(e -> {
            assertThat(e.contentId()).isEqualTo(contentId);
            assertThat(e.messages()).isNull();
        });
        Document content = mongo.findById(contentId, Document.class, SharedContents.COLLECTION);
        assertThat(content.getString("messages")).isEqualTo("[{\"type\":\"text\",\"text\":\"ประกาศ\"}]");
        assertThat(handedOver.get(1_001)).as("other objects, sent once: in the entry")
                .satisfies(e -> assertThat(e.contentId()).isNull())
                .satisfies(e -> assertThat(e.messages()).isEqualTo(content.getString("messages")));
    }

    @SuppressWarnings("unchecked")
    private OutboxDispatcher dispatcher() {
        OutboxDispatcher dispatcher = mock(OutboxDispatcher.class);
        doAnswer(call -> handedOver.addAll(call.getArgument(0, List.class))).when(dispatcher).stored(anyList());
        return dispatcher;
    }

    private static OutboundSettings settings() {
        return new OutboundSettings(4, Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofMinutes(2), Duration.ofSeconds(50), 12,
                Duration.ofSeconds(1), Duration.ofMinutes(10), Duration.ofHours(24), Duration.ofSeconds(15), null,
                Duration.ofMinutes(1), Duration.ofDays(30), 128);
    }
}
