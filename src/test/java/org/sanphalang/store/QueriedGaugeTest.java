package org.sanphalang.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class QueriedGaugeTest {

    @Test
    void readsTheCountAtOnceTheFirstTimeAndStillAfterAGarbageCollection() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        AtomicLong stored = new AtomicLong(7);
        QueriedGauge.register(meters, "test.backlog", "a count", stored::get, () -> 2);

        assertThat(meters.get("test.backlog").gauge().value()).as("first read counts in place, plus the live part").isEqualTo(9);

        System.gc();
        assertThat(meters.get("test.backlog").gauge().value()).as("not collected (NaN)").isEqualTo(9);
    }

    @Test
    void aScrapeDoesNotWaitForTheCountButSeesItLater() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        AtomicLong calls = new AtomicLong();
        QueriedGauge.register(meters, "test.slow", "a slow count", () -> {
            calls.incrementAndGet();
            return 3;
        });
        assertThat(meters.get("test.slow").gauge().value()).isEqualTo(3);

        // Within the refresh interval a scrape reuses the last count without querying.
        meters.get("test.slow").gauge().value();
        assertThat(calls.get()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(1)).until(() -> meters.get("test.slow").gauge().value() == 3);
    }
}
