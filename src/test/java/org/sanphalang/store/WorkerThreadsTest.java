package org.sanphalang.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/** A worker thread outlives whatever one step throws: nothing would ever replace it. */
class WorkerThreadsTest {

    @Test
    void goesOnAfterAStepThrowsAnError() {
        AtomicInteger steps = new AtomicInteger();
        WorkerThreads threads = new WorkerThreads("test", 1, Duration.ofMillis(10), () -> {
            if (steps.incrementAndGet() == 1) {
                throw new StackOverflowError();
            }
            return false;
        });
        threads.start();
        try {
            await().atMost(Duration.ofSeconds(5)).until(() -> steps.get() >= 3);
        } finally {
            threads.stop();
        }
        assertThat(steps.get()).isGreaterThanOrEqualTo(3);
    }
}
