package org.sanphalang.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Threads that drain a durable work collection (the inbox, the outbox): each repeatedly runs one step —
 * claim one due item and process it — and waits when there was nothing to do, unless woken because new work
 * was just stored.
 *
 * <p>Elastic: one thread, the poller, lives as long as the workers run and looks at the store every poll
 * interval — that is what picks up retries, items whose worker died (their lease ran out) and work stored by
 * another instance. More threads, up to {@code maxThreads}, start only when work is waiting and every live
 * thread is busy, and end after {@code keepAlive} without work. A quiet bot so holds one thread per queue
 * instead of all the senders a fan-out uses (each ~100 KB of resident stack and thread structures, and a
 * wake-up the kernel schedules); a fan-out still spreads over all of them within a few steps.
 */
public final class WorkerThreads {

    private static final Logger log = LoggerFactory.getLogger(WorkerThreads.class);
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(60);

    private final String name;
    private final int maxThreads;
    private final Duration pollInterval;
    private final Duration keepAlive;
    private final BooleanSupplier step;

    // Guarded by signal.
    private final Object signal = new Object();
    private final Set<Thread> alive = new HashSet<>();
    private int idle;
    private int permits; // wake-ups handed to idle threads and not yet taken; never more than idle
    private long started;
    private volatile boolean running;

    /**
     * @param maxThreads the most threads that run steps at once; 0: none (an instance that only stores work, or
     *                   a bench that fills a queue before draining it)
     * @param step       claims and processes one item; returns false when there was nothing due
     */
    public WorkerThreads(String name, int maxThreads, Duration pollInterval, BooleanSupplier step) {
        this(name, maxThreads, pollInterval, KEEP_ALIVE, step);
    }

    WorkerThreads(String name, int maxThreads, Duration pollInterval, Duration keepAlive, BooleanSupplier step) {
        if (maxThreads < 0) {
            throw new IllegalArgumentException(name + ": worker threads cannot be negative, got " + maxThreads);
        }
        this.name = name;
        this.maxThreads = maxThreads;
        this.pollInterval = pollInterval;
        this.keepAlive = keepAlive;
        this.step = step;
    }

    public void start() {
        synchronized (signal) {
            if (running) {
                return;
            }
            running = true;
            if (maxThreads > 0) {
                spawn(true);
            }
        }
    }

    public void stop() {
        List<Thread> ending;
        synchronized (signal) {
            running = false;
            signal.notifyAll();
            ending = new ArrayList<>(alive);
        }
        for (Thread t : ending) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    public boolean isRunning() {
        return running;
    }

    /** How many threads are alive now (for tests). */
    int aliveThreads() {
        synchronized (signal) {
            return alive.size();
        }
    }

    /**
     * New work was stored: hand it to an idle thread now rather than at the next poll, or start one when all
     * are busy. One, not all: every woken thread queries the store, and a burst of stored items would otherwise
     * cost threads × items queries. A thread that finds work wakes the next (see {@link #loop}), so a burst
     * still spreads over all threads.
     */
    public void wake() {
        synchronized (signal) {
            if (!running) {
                return;
            }
            if (idle > permits) {
                permits++;
                signal.notify();
            } else if (alive.size() < maxThreads) {
                spawn(false);
            }
        }
    }

    private void spawn(boolean poller) {
        Thread t = new Thread(() -> loop(poller), name + "-" + started++);
        t.setDaemon(true);
        alive.add(t);
        try {
            t.start();
        } catch (OutOfMemoryError e) {
            // No room for another native thread: the ones alive go on, the poll still finds the work.
            alive.remove(t);
            log.warn("{}: could not start another worker thread ({} alive): {}", name, alive.size(), e.toString());
        }
    }

    private void loop(boolean poller) {
        try {
            while (running) {
                boolean worked;
                try {
                    worked = step.getAsBoolean();
                } catch (RuntimeException e) {
                    // Typically the store is unreachable: wait rather than spin.
                    log.warn("{} could not take work: {}", name, e.toString());
                    worked = false;
                } catch (Error e) {
                    // A poller that dies here would leave no one looking at the store. What the step held is taken
                    // over when its lease runs out.
                    log.error("{} failed; going on after a poll interval", name, e);
                    worked = false;
                }
                if (worked) {
                    wake(); // there may be more: let an idle thread look too, or start one
                } else if (!await(poller)) {
                    return;
                }
            }
        } finally {
            synchronized (signal) {
                alive.remove(Thread.currentThread());
            }
        }
    }

    /** @return whether to take another step: woken with work, or the poller's interval is up */
    private boolean await(boolean poller) {
        long waitNanos = (poller ? pollInterval : keepAlive).toNanos();
        synchronized (signal) {
            idle++;
            try {
                long deadline = System.nanoTime() + waitNanos;
                while (running && permits == 0) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return poller; // an extra thread with nothing to do for keepAlive ends
                    }
                    TimeUnit.NANOSECONDS.timedWait(signal, left);
                }
                if (!running) {
                    return false;
                }
                permits--;
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } finally {
                idle--;
            }
        }
    }
}
