package org.sanphalang.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import com.linecorp.bot.messaging.model.TextMessage;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.sanphalang.outbound.internal.OutboxDispatcher;
import org.sanphalang.testing.EndToEndTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/** Sent messages do not pile up forever; dead letters stay for an operator. */
class OutboxRetentionTest extends EndToEndTest {

    @Autowired
    Outbox outbox;

    @Autowired
    OutboxDispatcher dispatcher;

    @Test
    void deletesMessagesSentLongAgoAndKeepsRecentOnesAndDeadLetters() {
        for (String key : List.of("old", "recent", "dead")) {
            outbox.enqueue(OutgoingMessage.push("retention-" + key, id("C"), "test", List.of(new TextMessage("สวัสดี"))));
        }
        awaitOutboxDrained();
        mongo.updateFirst(Query.query(Criteria.where("_id").is("retention-old")),
                new Update().set("sentAt", Instant.now().minusSeconds(31L * 24 * 3600)), "outbox");
        mongo.updateFirst(Query.query(Criteria.where("_id").is("retention-dead")),
                new Update().set("status", "DEAD").set("sentAt", Instant.now().minusSeconds(90L * 24 * 3600)), "outbox");

        assertThat(dispatcher.purgeSent()).isEqualTo(1);

        assertThat(mongo.findById("retention-old", Document.class, "outbox")).isNull();
        assertThat(mongo.findById("retention-recent", Document.class, "outbox")).isNotNull();
        assertThat(mongo.findById("retention-dead", Document.class, "outbox")).isNotNull();
    }

    @Test
    void dropsTheMessagesSentEntriesOfAnEarlierVersionKeptAndLeavesDeadLettersTheirs() {
        for (String key : List.of("legacy", "legacy-dead")) {
            outbox.enqueue(OutgoingMessage.push("retention-" + key, id("C"), "test", List.of(new TextMessage("สวัสดี"))));
        }
        awaitOutboxDrained();
        assertThat(mongo.findById("retention-legacy", Document.class, "outbox")).doesNotContainKey("messages");
        String said = "[{\"type\":\"text\",\"text\":\"สวัสดี\"}]";
        // As an earlier version left them: a sent entry with what it said, and a dead letter.
        mongo.updateFirst(Query.query(Criteria.where("_id").is("retention-legacy")), new Update().set("messages", said), "outbox");
        mongo.updateFirst(Query.query(Criteria.where("_id").is("retention-legacy-dead")),
                new Update().set("status", "DEAD").set("messages", said), "outbox");

        assertThat(dispatcher.dropMessagesOfSent()).isEqualTo(1);

        assertThat(mongo.findById("retention-legacy", Document.class, "outbox")).doesNotContainKey("messages")
                .containsEntry("status", "SENT");
        assertThat(mongo.findById("retention-legacy-dead", Document.class, "outbox").getString("messages")).contains("สวัสดี");
    }
}
