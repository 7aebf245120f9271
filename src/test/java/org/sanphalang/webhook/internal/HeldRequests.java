package org.sanphalang.webhook.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** Webhook requests held inside a crowd's filter chain, each until its latch is counted down: a crowd made to order. */
final class HeldRequests {

    private final CountDownLatch finish = new CountDownLatch(1);
    private final List<CompletableFuture<Void>> requests = new ArrayList<>();

    /** Starts {@code n} requests in {@code crowd} that stay until {@link #finish}. */
    void enter(WebhookCrowd crowd, int n) throws InterruptedException {
        for (int i = 0; i < n; i++) {
            enter(crowd, finish);
        }
    }

    /** Starts one request in {@code crowd} that stays in its filter chain until {@code leave} is counted down. */
    void enter(WebhookCrowd crowd, CountDownLatch leave) throws InterruptedException {
        CountDownLatch inside = new CountDownLatch(1);
        requests.add(CompletableFuture.runAsync(() -> {
            try {
                crowd.doFilter(new MockHttpServletRequest(), new MockHttpServletResponse(), (req, res) -> {
                    inside.countDown();
                    try {
                        leave.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, runnable -> new Thread(runnable).start()));
        assertThat(inside.await(5, TimeUnit.SECONDS)).isTrue();
    }

    /** Lets the requests held until now finish, and waits until each has left the filter. */
    void finish() {
        finish.countDown();
        requests.forEach(CompletableFuture::join);
    }
}
