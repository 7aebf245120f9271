package org.sanphalang.webhook.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.ServletException;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** Inbox workers wait while a crowd of webhook requests lasts — but not for ever. */
class WebhookCrowdTest {

    /** Long enough for a crowd's level to reach it (ten time constants). */
    static final Duration SETTLED = WebhookCrowd.SMOOTHING.multipliedBy(10);

    final WebhookCrowd crowd = new WebhookCrowd();
    final HeldRequests held = new HeldRequests();

    @AfterEach
    void finishRequests() {
        held.finish();
    }

    @Test
    void countsRequestsUntilTheirAnswerIsWrittenEvenWhenTheyFail() throws Exception {
        answering(3);
        assertThat(crowd.size()).isEqualTo(3);

        try {
            crowd.doFilter(new MockHttpServletRequest(), new MockHttpServletResponse(), (req, res) -> {
                throw new ServletException("handler failed");
            });
        } catch (ServletException expected) {
            // the count must still go down
        }
        held.finish();

        assertThat(crowd.size()).isZero();
    }

    @Test
    void doesNotWaitBelowTheCrowdOrWhenSwitchedOff() throws Exception {
        answering(3);

        assertThat(crowd.giveWay(4, Duration.ofSeconds(5))).isZero();
        assertThat(crowd.giveWay(0, Duration.ofSeconds(5))).isZero();
    }

    @Test
    void waitsAtMostTheLimitWhileTheCrowdStays() throws Exception {
        answering(4);
        Thread.sleep(SETTLED.toMillis());

        Duration waited = crowd.giveWay(4, Duration.ofMillis(150));

        assertThat(waited).isBetween(Duration.ofMillis(150), Duration.ofSeconds(2));
    }

    @Test
    void goesOnAsSoonAsTheCrowdThins() throws Exception {
        answering(4);
        Thread.sleep(SETTLED.toMillis());
        CompletableFuture<Duration> waiting = CompletableFuture.supplyAsync(() -> crowd.giveWay(4, Duration.ofSeconds(30)));
        Thread.sleep(100);
        assertThat(waiting).isNotDone();

        held.finish();

        // Not a lower bound from the sleep above: the waiter may have started late on a busy machine (CI, 84 ms).
        // That it was still waiting is asserted above; here, that it went on long before its 30 s limit.
        Duration waited = waiting.get(5, TimeUnit.SECONDS);
        assertThat(waited).isPositive().isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aCrowdJustBegunIsNotYetOne() throws Exception {
        answering(4);

        // Its level is still near 0: requests that came a moment ago may be gone the next moment.
        assertThat(crowd.giveWay(4, Duration.ofSeconds(5))).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void theLevelFollowsACrowdThatLastsAndIgnoresAMomentaryDip() throws Exception {
        long[] now = {0};
        WebhookCrowd stepped = new WebhookCrowd(() -> now[0]);
        long tau = WebhookCrowd.SMOOTHING.toNanos();
        List<CountDownLatch> leave = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            CountDownLatch one = new CountDownLatch(1);
            held.enter(stepped, one);
            leave.add(one);
        }
        assertThat(stepped.level()).isZero();

        now[0] += 10 * tau;
        assertThat(stepped.level()).isCloseTo(4.0, Offset.offset(0.01));

        // Three leave at once, as between two bursts of a saturating load: a moment later the level has hardly moved.
        for (int i = 0; i < 3; i++) {
            leave.get(i).countDown();
        }
        awaitSize(stepped, 1);
        now[0] += tau / 10;
        assertThat(stepped.level()).isGreaterThan(3.5);

        // The dip lasts: the level settles at the one still being answered.
        now[0] += 10 * tau;
        assertThat(stepped.level()).isCloseTo(1.0, Offset.offset(0.01));
        leave.get(3).countDown();
        awaitSize(stepped, 0);
    }

    private static void awaitSize(WebhookCrowd target, int size) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (target.size() != size && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertThat(target.size()).isEqualTo(size);
    }

    private void answering(int n) throws InterruptedException {
        held.enter(crowd, n);
    }
}
