package org.sanphalang.outbound;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import com.linecorp.bot.messaging.model.TextMessage;
import org.bson.Document;
import org.sanphalang.outbound.internal.OutboxDispatcher;
import org.sanphalang.testing.EndToEndTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.test.context.TestPropertySource;

/**
 * The outbox tests' shared context: the end-to-end application with more senders, backoffs capped at 50 ms so
 * fault storms settle in seconds, and quota readings never reused (each test sets its own quota).
 * One extra context for all of them.
 */
@TestPropertySource(properties = {"sanphalang.outbound.workers=8", "sanphalang.outbound.max-backoff=50ms",
        "sanphalang.outbound.quota-cache=0s",
        // Some tests leave entries as a crash would, where only the sweep finds them.
        "sanphalang.outbound.sweep-interval=200ms"})
abstract class OutboxContext extends EndToEndTest {

    static final String PUSH = "/v2/bot/message/push";

    @Autowired
    Outbox outbox;

    @Autowired
    OutboxDispatcher dispatcher;

    /** A LINE-shaped group id ({@code C} + 32 hex digits), distinct per series and {@code n}. */
    static String group(int series, int n) {
        return "C%02x%030x".formatted(series, n);
    }

    static String user(int n) {
        return "U%032x".formatted(n);
    }

    static List<com.linecorp.bot.messaging.model.Message> text(String text) {
        return List.of(new TextMessage(text));
    }

    Document entry(String key) {
        return mongo.findById(key, Document.class, "outbox");
    }

    long count(String status) {
        return mongo.count(Query.query(Criteria.where("status").is(status)), "outbox");
    }

    void awaitDrained(Duration atMost) {
        Query unsent = Query.query(Criteria.where("status").in("PENDING", "SENDING"));
        try {
            await().atMost(atMost).pollInterval(Duration.ofMillis(50)).until(() -> mongo.count(unsent, "outbox") == 0);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("Still unsent: " + mongo.find(unsent.limit(5), Document.class, "outbox"), e);
        }
    }
}
