package org.sanphalang.webhook.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.mongodb.client.model.Filters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sanphalang.testing.DataFolders;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * While a crowd of webhook requests is answered, acknowledged events wait in the journal's file (durable already) and
 * reach the inbox once the crowd thins; a crowd that outlasts give-way-at-most lets through one event per worker.
 */
@SpringBootTest(properties = {"sanphalang.webhook.processing=false", "sanphalang.store.backend=h2",
        "sanphalang.webhook.give-way-at=2", "sanphalang.webhook.give-way-at-most=3s", "sanphalang.webhook.workers=1"})
class JournalMoverGivesWayTest {

    static final Path DATA = DataFolders.temporary("sanphalang-journal-gives-way");

    @DynamicPropertySource
    static void dataFolder(DynamicPropertyRegistry registry) {
        registry.add("sanphalang.store.data-dir", DATA::toString);
    }

    @Autowired
    WebhookCrowd crowd;

    @Autowired
    Inbox inbox;

    @Autowired
    MongoTemplate mongo;

    final HeldRequests held = new HeldRequests();

    @AfterEach
    void finishRequests() {
        held.finish();
    }

    @Test
    void acknowledgedEventsWaitInTheJournalWhileACrowdIsAnsweredAndMoveOnceItThins() throws Exception {
        held.enter(crowd, 2);
        await().atMost(Duration.ofSeconds(5)).until(() -> crowd.level() >= 1.9);
        String event = "{\"type\":\"message\",\"webhookEventId\":\"01GIVEWAY\",\"timestamp\":1}";

        inbox.accept(List.of(new Inbox.Arrival(event, "U0", "01GIVEWAY", "message", false))); // as the controller does

        Thread.sleep(1_000);
        assertThat(stored("01GIVEWAY")).isZero();
        assertThat(journalBytes()).isPositive();

        held.finish();

        await().atMost(Duration.ofSeconds(10)).until(() -> stored("01GIVEWAY") == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> journalBytes() == 0);
    }

    @Test
    void aCrowdThatOutlastsTheWaitLetsThroughOneEventPerWorkerAtATime() throws Exception {
        held.enter(crowd, 2);
        await().atMost(Duration.ofSeconds(5)).until(() -> crowd.level() >= 1.9);
        List<Inbox.Arrival> arrivals = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String id = "01TRICKLE" + i;
            arrivals.add(new Inbox.Arrival("{\"type\":\"message\",\"webhookEventId\":\"" + id + "\",\"timestamp\":1}",
                    "U0", id, "message", false));
        }

        inbox.accept(arrivals);

        await().atMost(Duration.ofSeconds(10)).until(() -> stored("01TRICKLE") > 0);
        assertThat(stored("01TRICKLE")).isEqualTo(1); // the next one waits out another 3 s

        held.finish();

        await().atMost(Duration.ofSeconds(10)).until(() -> stored("01TRICKLE") == 10);
    }

    private long stored(String idPrefix) {
        return mongo.getCollection("inbox").countDocuments(Filters.regex("_id", "^" + idPrefix));
    }

    static long journalBytes() {
        return DataFolders.bytesIn(DATA.resolve("inbox-journal"));
    }
}
