package org.sanphalang.webhook.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

/**
 * The inbox's backlog gauge on the embedded store, above the bound where it is no longer a count
 * ({@code OpenCount}): stored entries add to it, and only settles that take an entry out of the backlog (handled,
 * parked) take from it; a retry leaves it waiting, and a redelivery is not a new entry.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "sanphalang.webhook.processing=false") // WebhookAcceptanceTest's context, reused
class InboxBacklogCountTest {

    /** More than the bound up to which every read is a count (5,000). */
    static final int ENTRIES = 5_100;

    @Autowired
    Inbox inbox;

    @Autowired
    MongoTemplate mongo;

    @Autowired
    MeterRegistry meters;

    @AfterEach
    void removeEntries() {
        mongo.remove(new Query(Criteria.where("_id").regex("^backlog-")), InboxEntry.COLLECTION);
    }

    @Test
    void aBacklogAboveTheBoundFollowsWhatIsStoredAndWhatLeavesIt() {
        double before = backlog();
        Instant now = Instant.now();
        List<InboxEntry> entries = new ArrayList<>();
        for (int i = 0; i < ENTRIES; i++) {
            entries.add(InboxEntry.accepted("backlog-" + i, "message", "U0", "{}", false, now));
        }

        assertThat(inbox.insert(entries)).hasSize(ENTRIES);
        assertThat(inbox.insert(entries.subList(0, 10))).isEmpty(); // redeliveries
        assertThat(backlog()).as("at once, not at the gauge's next count").isEqualTo(before + ENTRIES);

        inbox.done(inbox.claim("backlog-0", InboxEntry.Status.PENDING, 0).orElseThrow());
        inbox.unreadable(inbox.claim("backlog-1", InboxEntry.Status.PENDING, 0).orElseThrow(), new IllegalStateException("test"));
        InboxEntry retried = inbox.claim("backlog-2", InboxEntry.Status.PENDING, 0).orElseThrow();
        assertThat(inbox.failed(retried, new IllegalStateException("test"))).isPresent();
        inbox.claim("backlog-3", InboxEntry.Status.PENDING, 0).orElseThrow(); // in hand: still in the backlog
        InboxEntry stale = inbox.claim("backlog-4", InboxEntry.Status.PENDING, 0).orElseThrow();
        inbox.done(stale);
        inbox.done(stale); // a worker whose lease is gone settles nothing

        assertThat(backlog()).isEqualTo(before + ENTRIES - 3);
    }

    /** The backlog gauge, as a scrape reads it (the journal's pending entries included: none are added here). */
    double backlog() {
        return meters.get("sanphalang.inbox.backlog").gauge().value();
    }
}
