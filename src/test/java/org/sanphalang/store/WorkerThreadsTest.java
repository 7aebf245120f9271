package org.sanphalang.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Worker threads outlive whatever one step throws, grow to their limit while work waits and every thread is
 * busy, and shrink back to the one poller once the work is done.
 */
class WorkerThreadsTest {

    private static final Duration KEEP_ALIVE = Duration.ofMillis(300);

    private WorkerThreads threads;

    @AfterEach
    void stop() {
        if (threads != null) {
            threads.stop();
        }
    }

    @Test
    void goesOnAfterAStepThrowsAnError() {
        AtomicInteger steps = new AtomicInteger();
        threads = new WorkerThreads("test", 1, Duration.ofMillis(10), () -> {
            if (steps.incrementAndGet() == 1) {
                throw new StackOverflowError();
            }
            return false;
        });
        threads.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> steps.get() >= 3);
        assertThat(steps.get()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void anIdlePollerTakesTheWakeUpInsteadOfANewThread() throws InterruptedException {
        AtomicInteger steps = new AtomicInteger();
        threads = new WorkerThreads("test", 8, Duration.ofSeconds(30), KEEP_ALIVE, () -> {
            steps.incrementAndGet();
            return false;
        });
        threads.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> steps.get() == 1);
        Thread.sleep(50); // the first step found nothing: the poller now waits out its 30 s

        threads.wake();

        await().atMost(Duration.ofSeconds(5)).until(() -> steps.get() == 2);
        assertThat(threads.aliveThreads()).isEqualTo(1);
    }

    @Test
    void growsToItsLimitWhileWorkWaitsAndShrinksToThePollerAfterwards() {
        Work work = new Work(200);
        threads = new WorkerThreads("test", 4, Duration.ofSeconds(30), KEEP_ALIVE, work::step);
        threads.start();
        threads.wake(); // work was stored: the long poll interval must not be what finds it

        await().atMost(Duration.ofSeconds(10)).until(() -> work.left.get() <= 0 && work.busy.get() == 0);
        assertThat(work.mostAtOnce.get()).as("threads busy at once").isEqualTo(4);
        assertThat(work.done.get()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(5)).until(() -> threads.aliveThreads() == 1);
    }

    @Test
    void stopEndsEveryThread() {
        Work work = new Work(1_000);
        threads = new WorkerThreads("test", 3, Duration.ofSeconds(30), KEEP_ALIVE, work::step);
        threads.start();
        threads.wake();
        await().atMost(Duration.ofSeconds(5)).until(() -> threads.aliveThreads() == 3);
        assertThat(work.mostAtOnce.get()).as("threads busy at once").isLessThanOrEqualTo(3);

        threads.stop();

        assertThat(threads.aliveThreads()).isZero();
        assertThat(threads.isRunning()).isFalse();
        int done = work.done.get();
        assertThat(done).isLessThan(1_000);
        threads.wake(); // after stop: starts nothing
        assertThat(threads.aliveThreads()).isZero();
    }

    @Test
    void noThreadsRunsNothing() throws InterruptedException {
        Work work = new Work(10);
        threads = new WorkerThreads("test", 0, Duration.ofMillis(10), KEEP_ALIVE, work::step);
        threads.start();
        threads.wake();
        Thread.sleep(100);
        assertThat(threads.aliveThreads()).isZero();
        assertThat(work.left.get()).isEqualTo(10);
    }

    /**
     * Items that each keep a thread busy a little, counting how many threads worked at once. It asserts nothing
     * itself: an AssertionError thrown in a step is caught and logged by the worker thread, never seen by the test.
     */
    private static final class Work {
        final AtomicInteger left;
        final AtomicInteger busy = new AtomicInteger();
        final AtomicInteger mostAtOnce = new AtomicInteger();
        final AtomicInteger done = new AtomicInteger();

        Work(int items) {
            this.left = new AtomicInteger(items);
        }

        boolean step() {
            if (left.getAndDecrement() <= 0) {
                return false;
            }
            int now = busy.incrementAndGet();
            mostAtOnce.accumulateAndGet(now, Math::max);
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                busy.decrementAndGet();
                done.incrementAndGet();
            }
            return true;
        }
    }
}
