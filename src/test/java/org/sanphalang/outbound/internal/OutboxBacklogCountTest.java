package org.sanphalang.outbound.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;

import com.linecorp.bot.messaging.model.TextMessage;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.sanphalang.outbound.Outbox;
import org.sanphalang.outbound.OutgoingMessage;
import org.sanphalang.store.EmbeddedQueries;
import org.sanphalang.testing.EndToEndTest;
import org.sanphalang.testing.Fault;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.test.context.TestPropertySource;

/**
 * The outbox's backlog gauge on the embedded store, above the bound where it is no longer a count
 * ({@code OpenCount}): what is stored adds to it, what is sent or dead-lettered takes from it, a retry leaves it.
 * The senders are stopped so that this test's thread makes every send.
 */
// OutboxContext's properties, so that its application context is reused
@TestPropertySource(properties = {"sanphalang.outbound.workers=8", "sanphalang.outbound.max-backoff=50ms",
        "sanphalang.outbound.quota-cache=0s", "sanphalang.outbound.sweep-interval=200ms"})
class OutboxBacklogCountTest extends EndToEndTest {

    /** More than the bound up to which every read is a count (5,000). */
    static final int MESSAGES = 5_100;

    @Autowired
    Outbox outbox;

    @Autowired
    OutboxDispatcher dispatcher;

    @Autowired
    MeterRegistry meters;

    @Autowired
    EmbeddedQueries queries;

    @Test
    void aBacklogAboveTheBoundFollowsWhatIsStoredSentAndDeadLettered() {
        dispatcher.stop();
        try {
            double before = backlog();
            List<OutgoingMessage> pushes = IntStream.range(0, MESSAGES)
                    .mapToObj(n -> OutgoingMessage.push("count:" + n, "C%032x".formatted(n), "broadcast",
                            List.of(new TextMessage("ประชุม " + n)))).toList();
            assertThat(outbox.enqueueAll(pushes)).isEqualTo(MESSAGES);
            assertThat(outbox.enqueueAll(pushes.subList(0, 10))).isZero();
            assertThat(backlog()).as("at once, not at the gauge's next count").isEqualTo(before + MESSAGES);

            LINE.inject(Fault.status(400).times(1)).inject(Fault.status(500).times(1)); // one dead-lettered, one retried
            for (int i = 0; i < 10; i++) {
                assertThat(dispatcher.sendNext()).isTrue();
            }

            assertThat(count("SENT")).isEqualTo(8);
            assertThat(count("DEAD")).isEqualTo(1);
            assertThat(backlog()).isEqualTo(before + MESSAGES - 9);

        } finally {
            // the rest removed by hand, so that they are not sent (OpenCount sees that at its next count); the
            // dispatcher kept copies of what it stored, which it would lease without a read (EmbeddedQueries.forgetAll)
            mongo.remove(Query.query(Criteria.where("status").in("PENDING", "SENDING")), "outbox");
            queries.forgetAll();
            dispatcher.start();
        }
    }

    /** The backlog gauge, as a scrape reads it. */
    double backlog() {
        return meters.get("sanphalang.outbox.backlog").gauge().value();
    }

    long count(String status) {
        return mongo.count(Query.query(Criteria.where("status").is(status)), "outbox");
    }
}
