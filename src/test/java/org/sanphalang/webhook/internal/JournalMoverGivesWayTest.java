package org.sanphalang.webhook.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

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
 * reach the inbox once the crowd thins.
 */
@SpringBootTest(properties = {"sanphalang.webhook.processing=false", "sanphalang.store.backend=h2",
        "sanphalang.webhook.give-way-at=2", "sanphalang.webhook.give-way-at-most=30s"})
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
        assertThat(mongo.getCollection("inbox").countDocuments()).isZero();
        assertThat(journalBytes()).isPositive();

        held.finish();

        await().atMost(Duration.ofSeconds(10)).until(() -> mongo.getCollection("inbox").countDocuments() == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> journalBytes() == 0);
    }

    static long journalBytes() {
        return DataFolders.bytesIn(DATA.resolve("inbox-journal"));
    }
}
