package org.sanphalang.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.quartz.Scheduler;

/**
 * The catch-up of missed firings at start runs beside the app, not before it is ready: over every group it can take
 * minutes, and until the ready listeners return the app's health says OUT_OF_SERVICE.
 */
class StartUpCatchUpTest {

    final JobRunner runner = mock(JobRunner.class);
    final BlockingQueue<Object> published = new LinkedBlockingQueue<>();
    final ScheduleTriggers triggers = new ScheduleTriggers(mock(Scheduler.class), mock(Schedules.class), runner,
            new ScheduleSettings("20:00", "07:00", 2, 3, Duration.ofHours(6), Duration.ofMinutes(15), null, List.of()),
            Clock.systemUTC(), published::add);

    @Test
    void theAppIsReadyWhileALongCatchUpStillRunsAndItsEndIsPublished() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        BlockingQueue<String> ranOn = new LinkedBlockingQueue<>();
        when(runner.catchUp()).thenAnswer(call -> {
            ranOn.add(Thread.currentThread().getName());
            release.await(30, TimeUnit.SECONDS);
            return List.of(new JobReport("nudge", "2026-W50", null, true, null, Map.of()),
                    JobReport.notRun(JobName.WEEKLY_SUMMARY, "2026-W49", null, "skipped: missed beyond the grace period"));
        });

        assertTimeoutPreemptively(Duration.ofSeconds(5), triggers::start);

        assertThat(ranOn.poll(5, TimeUnit.SECONDS)).isEqualTo("schedule-catch-up");
        assertThat(published.poll(200, TimeUnit.MILLISECONDS)).as("not over yet").isNull();
        release.countDown();
        assertThat(published.poll(5, TimeUnit.SECONDS)).isEqualTo(new MissedRunsCaughtUp(1, 1, false));
    }

    @Test
    void aCatchUpThatFailsIsPublishedAsFailed() throws Exception {
        when(runner.catchUp()).thenThrow(new IllegalStateException("store gone"));

        triggers.start();

        assertThat(published.poll(5, TimeUnit.SECONDS)).isEqualTo(new MissedRunsCaughtUp(0, 0, true));
    }
}
