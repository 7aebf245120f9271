package org.sanphalang.outbound.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import com.linecorp.bot.messaging.model.TextMessage;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.sanphalang.outbound.Outbox;
import org.sanphalang.outbound.OutgoingMessage;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/**
 * The hourly purge of sent messages also drops what entries sent by an earlier version still say, on its first run
 * after a start: entries sent since never keep it, so later runs do not read the outbox for it again.
 */
class SentMessagesPurgeTest extends StandaloneDispatcherTest {

    static final String SAID = "[{\"type\":\"text\",\"text\":\"สวัสดี\"}]";

    @Autowired
    Outbox outbox;

    @Test
    void theFirstPurgeAfterAStartDropsWhatEarlierVersionsKeptAndLaterOnesDoNotLookAgain() {
        for (String key : List.of("purge-legacy", "purge-later")) {
            outbox.enqueue(OutgoingMessage.push(key, id("C"), "test", List.of(new TextMessage("สวัสดี"))));
        }
        awaitOutboxDrained();
        // A dispatcher as just started (not sending): the context's own may have run its first purge already.
        OutboxDispatcher started = standaloneDispatcher(queries);
        keptWhatItSaid("purge-legacy");

        started.purgeSent();

        assertThat(mongo.findById("purge-legacy", Document.class, "outbox")).doesNotContainKey("messages")
                .containsEntry("status", "SENT");
        keptWhatItSaid("purge-later");
        started.purgeSent();
        assertThat(mongo.findById("purge-later", Document.class, "outbox").getString("messages")).contains("สวัสดี");
    }

    /** As an earlier version left a sent entry. */
    void keptWhatItSaid(String id) {
        mongo.updateFirst(Query.query(Criteria.where("_id").is(id)), new Update().set("messages", SAID), "outbox");
    }
}
