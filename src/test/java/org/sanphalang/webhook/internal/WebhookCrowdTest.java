package org.sanphalang.webhook.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.ServletException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** Inbox workers wait while a crowd of webhook requests is being answered — but not for ever. */
class WebhookCrowdTest {

    final WebhookCrowd crowd = new WebhookCrowd();
    final CountDownLatch finish = new CountDownLatch(1);
    final List<CompletableFuture<Void>> requests = new ArrayList<>();

    @AfterEach
    void finishRequests() {
        finish.countDown();
        requests.forEach(CompletableFuture::join);
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
        finish.countDown();
        requests.forEach(CompletableFuture::join);

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

        Duration waited = crowd.giveWay(4, Duration.ofMillis(150));

        assertThat(waited).isBetween(Duration.ofMillis(150), Duration.ofSeconds(2));
    }

    @Test
    void goesOnAsSoonAsTheCrowdThins() throws Exception {
        answering(4);
        CompletableFuture<Duration> waiting = CompletableFuture.supplyAsync(() -> crowd.giveWay(4, Duration.ofSeconds(30)));
        Thread.sleep(100);
        assertThat(waiting).isNotDone();

        finish.countDown();

        // Not a lower bound from the sleep above: the waiter may have started late on a busy machine (CI, 84 ms).
        // That it was still waiting is asserted above; here, that it went on long before its 30 s limit.
        Duration waited = waiting.get(5, TimeUnit.SECONDS);
        assertThat(waited).isPositive().isLessThan(Duration.ofSeconds(5));
    }

    /** Starts {@code n} requests that stay in the filter chain until {@link #finish}. */
    private void answering(int n) throws InterruptedException {
        CountDownLatch inside = new CountDownLatch(n);
        for (int i = 0; i < n; i++) {
            requests.add(CompletableFuture.runAsync(() -> {
                try {
                    crowd.doFilter(new MockHttpServletRequest(), new MockHttpServletResponse(), (req, res) -> {
                        inside.countDown();
                        try {
                            finish.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    });
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, runnable -> new Thread(runnable).start()));
        }
        assertThat(inside.await(5, TimeUnit.SECONDS)).isTrue();
    }
}
