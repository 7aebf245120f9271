package org.sanphalang.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Threads that drain a durable work collection (the inbox, the outbox): each repeatedly runs one step —
 * claim one due item and process it — and waits a poll interval when there was nothing to do, unless woken
 * because new work was just stored. The poll is what picks up retries, items whose worker died (their lease
 * ran out) and work stored by another instance.
 */
public final class WorkerThreads {

    private static final Logger log = LoggerFactory.getLogger(WorkerThreads.class);

    private final String name;
    private final int count;
    private final Duration pollInterval;
    private final BooleanSupplier step;
    private final Object signal = new Object();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;

    /**
     * @param step claims and processes one item; returns false when there was nothing due
     */
    public WorkerThreads(String name, int count, Duration pollInterval, BooleanSupplier step) {
        this.name = name;
        this.count = count;
        this.pollInterval = pollInterval;
        this.step = step;
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        for (int i = 0; i < count; i++) {
            Thread t = new Thread(this::loop, name + "-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    public synchronized void stop() {
        running = false;
        synchronized (signal) {
            signal.notifyAll();
        }
        for (Thread t : threads) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        threads.clear();
    }

    public boolean isRunning() {
        return running;
    }

    /**
     * New work was stored: wake an idle thread now rather than at the next poll. One, not all: every woken
     * thread queries the store, and a burst of stored items would otherwise cost threads × items queries.
     * A thread that finds work wakes the next (see {@link #loop}), so a burst still spreads over all threads.
     */
    public void wake() {
        synchronized (signal) {
            signal.notify();
        }
    }

    private void loop() {
        while (running) {
            boolean worked;
            try {
                worked = step.getAsBoolean();
            } catch (RuntimeException e) {
                // Typically the store is unreachable: wait a poll interval rather than spin.
                log.warn("{} could not take work: {}", name, e.toString());
                worked = false;
            } catch (Error e) {
                // A thread that dies here is never replaced: its share of the work would stop for good. What it held is
                // taken over when its lease runs out.
                log.error("{} failed; going on after a poll interval", name, e);
                worked = false;
            }
            if (worked) {
                wake(); // there may be more: let an idle thread look too
            } else {
                synchronized (signal) {
                    if (!running) {
                        return;
                    }
                    try {
                        signal.wait(pollInterval.toMillis());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }
    }
}
