package org.sanphalang.webhook.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sanphalang.webhook.WebhookSettings;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

/**
 * On the embedded store, which has no TTL index, handled entries are deleted after the retention by the hourly purge;
 * entries an earlier version handled lose the payload it kept. Waiting and parked entries keep theirs.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "sanphalang.webhook.processing=false") // WebhookAcceptanceTest's context, reused
class HandledEntriesExpiryTest {

    static final List<String> IDS = List.of("01EXP-OLD", "01EXP-RECENT", "01EXP-PARKED", "01EXP-WAITING", "01EXP-LATER");

    @Autowired
    Inbox inbox;

    @Autowired
    MongoTemplate mongo;

    @Autowired
    InboxJournal journal;

    @Autowired
    WebhookCrowd crowd;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    WebhookSettings settings;

    @Autowired
    Clock clock;

    @Autowired
    MeterRegistry meters;

    @AfterEach
    void removeEntries() {
        mongo.remove(new Query(Criteria.where("_id").in(IDS)), InboxEntry.COLLECTION);
    }

    @Test
    void deletesHandledEntriesPastTheRetentionAndDropsThePayloadsEarlierVersionsKept() {
        Instant now = Instant.now();
        store("01EXP-OLD", InboxEntry.Status.DONE, now.minus(Duration.ofDays(31)));
        store("01EXP-RECENT", InboxEntry.Status.DONE, now.minus(Duration.ofDays(2)));
        store("01EXP-PARKED", InboxEntry.Status.FAILED, null);
        store("01EXP-WAITING", InboxEntry.Status.PENDING, null);

        assertThat(inbox.purgeHandledBefore(now.minus(Duration.ofDays(30)))).isEqualTo(1);
        assertThat(inbox.dropPayloadsOfHandled()).isEqualTo(1);

        assertThat(mongo.findById("01EXP-OLD", Document.class, InboxEntry.COLLECTION)).isNull();
        assertThat(mongo.findById("01EXP-RECENT", Document.class, InboxEntry.COLLECTION))
                .doesNotContainKey("payload").containsEntry("status", "DONE");
        assertThat(mongo.findById("01EXP-PARKED", Document.class, InboxEntry.COLLECTION).getString("payload")).contains("01EXP-PARKED");
        assertThat(mongo.findById("01EXP-WAITING", Document.class, InboxEntry.COLLECTION).getString("payload")).contains("01EXP-WAITING");
        assertThat(inbox.dropPayloadsOfHandled()).isZero();
    }

    @Test
    void theHourlyPurgeDropsThePayloadsEarlierVersionsKeptOnItsFirstRunAfterAStartOnly() {
        // A worker as just started: the context's own may have run its first purge already.
        InboxWorker worker = new InboxWorker(inbox, journal, crowd, events, settings, clock, meters);
        store("01EXP-RECENT", InboxEntry.Status.DONE, Instant.now().minus(Duration.ofDays(2)));

        worker.purgeOldEntries();

        assertThat(mongo.findById("01EXP-RECENT", Document.class, InboxEntry.COLLECTION))
                .doesNotContainKey("payload").containsEntry("status", "DONE");

        // Entries handled after a start never keep theirs (Inbox.done), so later runs do not read for them again.
        store("01EXP-LATER", InboxEntry.Status.DONE, Instant.now().minus(Duration.ofDays(1)));
        worker.purgeOldEntries();
        assertThat(mongo.findById("01EXP-LATER", Document.class, InboxEntry.COLLECTION).getString("payload")).contains("01EXP-LATER");
    }

    private void store(String id, InboxEntry.Status status, Instant doneAt) {
        Instant received = doneAt != null ? doneAt : Instant.now();
        mongo.insert(new InboxEntry(id, "message", "U0", "{\"webhookEventId\":\"" + id + "\"}", false, received, status, 1, received,
                null, doneAt, null));
    }
}
