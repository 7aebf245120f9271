package org.sanphalang.outbound.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BatchRecorderTest {

    final List<List<Integer>> batches = new CopyOnWriteArrayList<>();
    final CountDownLatch firstBatchMayEnd = new CountDownLatch(1);
    BatchRecorder<Integer> recorder;

    @AfterEach
    void stop() {
        firstBatchMayEnd.countDown();
        if (recorder != null) {
            recorder.stop();
        }
    }

    @Test
    void whatIsHandedWhileABatchIsHandledIsHandledAsTheNextBatchUpToItsSize() {
        recorder = heldAtItsFirstBatch(4);

        assertThat(recorder.hand(0)).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> batches.size() == 1);
        IntStream.rangeClosed(1, 6).forEach(recorder::hand);
        firstBatchMayEnd.countDown();

        await().atMost(Duration.ofSeconds(5)).until(() -> batches.stream().mapToInt(List::size).sum() == 7);
        assertThat(batches).containsExactly(List.of(0), List.of(1, 2, 3, 4), List.of(5, 6));
    }

    @Test
    void aBatchThatFailsDoesNotStopTheRecorder() {
        recorder = new BatchRecorder<>("test-recorder", 4, batch -> {
            batches.add(List.copyOf(batch));
            if (batch.contains(1)) {
                throw new IllegalStateException("the store is unreachable");
            }
        });
        recorder.start();

        recorder.hand(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> batches.size() == 1);
        recorder.hand(2);

        await().atMost(Duration.ofSeconds(5)).until(() -> batches.size() == 2);
        assertThat(batches).containsExactly(List.of(1), List.of(2));
    }

    @Test
    void nothingIsTakenWhileItIsNotRunningSoTheCallerHandlesItsItemItself() {
        recorder = new BatchRecorder<>("test-recorder", 4, batches::add);

        assertThat(recorder.hand(1)).as("before start").isFalse();
        recorder.start();
        recorder.stop();
        assertThat(recorder.hand(2)).as("after stop").isFalse();
        assertThat(batches).isEmpty();
    }

    @Test
    void stoppingHandlesWhatWasHandedBefore() {
        recorder = heldAtItsFirstBatch(100);
        recorder.hand(0);
        await().atMost(Duration.ofSeconds(5)).until(() -> batches.size() == 1);
        IntStream.rangeClosed(1, 3).forEach(recorder::hand);

        Thread release = new Thread(() -> {
            sleepQuietly(200);
            firstBatchMayEnd.countDown();
        });
        release.start();
        recorder.stop();

        assertThat(batches.stream().flatMap(List::stream)).containsExactly(0, 1, 2, 3);
    }

    /** A started recorder whose first batch ends only once {@code firstBatchMayEnd} is counted down. */
    private BatchRecorder<Integer> heldAtItsFirstBatch(int most) {
        BatchRecorder<Integer> started = new BatchRecorder<>("test-recorder", most, batch -> {
            batches.add(List.copyOf(batch));
            if (batches.size() == 1) {
                awaitQuietly(firstBatchMayEnd);
            }
        });
        started.start();
        return started;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
