package org.sanphalang.outbound.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.bot.jackson.ModelObjectMapper;
import com.linecorp.bot.messaging.model.Message;
import com.linecorp.bot.messaging.model.TextMessage;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.sanphalang.outbound.Outbox;
import org.sanphalang.outbound.OutgoingMessage;
import org.sanphalang.testing.RecordedRequest;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A card sent to many groups is stored once, not in each of their entries: every push still carries it whole, and it
 * is kept exactly as long as an unsent or dead-lettered entry names it.
 */
class SharedContentsTest extends StandaloneDispatcherTest {

    static final String PUSH = "/v2/bot/message/push";

    @Autowired
    Outbox outbox;

    @Test
    void aCardForManyGroupsIsStoredOnceAndEveryPushCarriesItWhole() throws Exception {
        List<Message> card = List.of(new TextMessage("ประชุมกลุ่มวันศุกร์ " + UUID.randomUUID()));
        List<String> groups = IntStream.range(0, 40).mapToObj(n -> id("C")).toList();
        int before = LINE.requests("POST", PUSH).size();

        List<OutgoingMessage> pushes = groups.stream().map(g -> OutgoingMessage.push("shared:" + g, g, "broadcast", card)).toList();
        assertThat(outbox.enqueueAll(pushes)).isEqualTo(40);
        awaitOutboxDrained();
        // the same call again (after a crash): the content is found stored, and nothing is sent twice
        assertThat(outbox.enqueueAll(pushes)).isZero();
        awaitOutboxDrained();

        String json = ModelObjectMapper.createNewObjectMapper().writerFor(OutboxDispatcher.MESSAGE_LIST).writeValueAsString(card);
        assertThat(contents.json(SharedContents.idOf(json))).as("stored once, under the hash of its JSON").contains(json);
        JsonNode said = new ObjectMapper().readTree(json);
        List<RecordedRequest> sent = LINE.requests("POST", PUSH).subList(before, LINE.requests("POST", PUSH).size());
        assertThat(sent).extracting(r -> r.json().path("to").asText()).containsExactlyInAnyOrderElementsOf(groups);
        assertThat(sent).allSatisfy(r -> assertThat(r.json().path("messages")).isEqualTo(said));
        for (String g : groups) {
            assertThat(mongo.findById("shared:" + g, Document.class, "outbox")).as("sent, so it names nothing any more")
                    .containsEntry("status", "SENT").doesNotContainKeys("messages", "contentId");
        }
        LINE.assertNoViolations();
    }

    @Test
    void aContentGoesOnlyWhenNoUnsentOrDeadEntryNamesItAndNothingHasStoredItForAnHour() {
        clock.setTo(Instant.now().minus(Duration.ofHours(2)));
        String namedByDeadLetter = contents.store(json("dead " + UUID.randomUUID()));
        String namedByPending = contents.store(json("pending " + UUID.randomUUID()));
        String namedBySent = contents.store(json("sent " + UUID.randomUUID()));
        String namedByNone = contents.store(json("none " + UUID.randomUUID()));
        String storedAgainNow = contents.store(json("again " + UUID.randomUUID()));
        clock.reset();
        String storedNow = contents.store(json("now " + UUID.randomUUID()));
        contents.store(mongo.findById(storedAgainNow, Document.class, SharedContents.COLLECTION).getString("messages"));
        insert("named-dead", namedByDeadLetter, OutboxEntry.Status.DEAD, clock.instant());
        insert("named-pending", namedByPending, OutboxEntry.Status.PENDING, clock.instant().plus(Duration.ofDays(1)));
        insert("named-sent", namedBySent, OutboxEntry.Status.SENT, clock.instant());

        standaloneDispatcher(queries).purgeSent();

        assertThat(stored(namedByDeadLetter)).as("a dead letter keeps what it says, for an operator").isTrue();
        assertThat(stored(namedByPending)).as("still to be sent").isTrue();
        assertThat(stored(storedNow)).as("stored within the hour: its entries may be on their way").isTrue();
        assertThat(stored(storedAgainNow)).as("stored again within the hour").isTrue();
        assertThat(stored(namedBySent)).as("sent entries need it no more").isFalse();
        assertThat(stored(namedByNone)).isFalse();
    }

    @Test
    void anEntryWhoseContentIsNotStoredIsDeadLetteredAndNothingIsSent() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        String to = id("C");
        OutboxEntry entry = entry("content-gone", to, SharedContents.idOf("[]"), OutboxEntry.Status.PENDING, now);
        queries.insertNew(mongo, OutboxEntry.COLLECTION, durable.writeConcern(), List.of(entry), OutboxEntry::id, OutboxEntry.Status.PENDING);
        OutboxDispatcher dispatcher = standaloneDispatcher(queries);

        dispatcher.stored(List.of(entry));
        assertThat(dispatcher.sendNext()).isTrue();

        Document dead = mongo.findById("content-gone", Document.class, "outbox");
        assertThat(dead.getString("status")).isEqualTo("DEAD");
        assertThat(dead.getString("lastError")).contains(SharedContents.idOf("[]")).contains("not stored");
        assertThat(LINE.requests("POST", PUSH)).noneSatisfy(r -> assertThat(r.json().path("to").asText()).isEqualTo(to));
    }

    private boolean stored(String contentId) {
        return contents.json(contentId).isPresent();
    }

    private void insert(String key, String contentId, OutboxEntry.Status status, Instant dueAt) {
        OutboxEntry entry = entry(key + ":" + UUID.randomUUID(), id("C"), contentId, status, dueAt);
        mongo.insert(entry);
    }

    private static OutboxEntry entry(String key, String to, String contentId, OutboxEntry.Status status, Instant dueAt) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return new OutboxEntry(key, UUID.randomUUID().toString(), to, null, null, null, contentId, 1, "test", status,
                OutboxEntry.ReplyState.NONE, 0, now, dueAt.truncatedTo(ChronoUnit.MILLIS), null, null, null, null, null,
                OutboxEntry.Kind.PUSH, null);
    }

    private static String json(String text) {
        return "[{\"type\":\"text\",\"text\":\"" + text + "\"}]";
    }
}
