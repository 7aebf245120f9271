package org.sanphalang.testing;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.sanphalang.schedule.MissedRunsCaughtUp;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.event.EventListener;

/**
 * Waits for the start-up catch-up of missed schedule firings, which runs on a thread of its own: a test that starts
 * while it runs could find its job runs or nudges in the store it has just emptied.
 */
@TestConfiguration(proxyBeanMethods = false)
public class CatchUpWatcher {

    private final CountDownLatch done = new CountDownLatch(1);

    @EventListener
    void on(MissedRunsCaughtUp caughtUp) {
        done.countDown();
    }

    public void awaitDone() {
        try {
            if (!done.await(60, TimeUnit.SECONDS)) {
                throw new AssertionError("The start-up catch-up of missed schedule firings did not finish within 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
