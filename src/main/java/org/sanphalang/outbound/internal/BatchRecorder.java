package org.sanphalang.outbound.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread that takes what other threads hand it and handles all that came meanwhile as one batch, so that the
 * threads handing over go on at once. Takes nothing while it is not running: the caller then handles its item itself.
 *
 * @param <T> what is handed over
 */
final class BatchRecorder<T> {

    private static final Logger log = LoggerFactory.getLogger(BatchRecorder.class);

    private final String name;
    private final int most;
    private final Consumer<List<T>> handler;
    private final BlockingQueue<T> queue = new LinkedBlockingQueue<>();
    private volatile boolean running;
    private Thread thread;

    /**
     * @param most    items per batch at most
     * @param handler handles a batch; answers for each item itself, failures included
     */
    BatchRecorder(String name, int most, Consumer<List<T>> handler) {
        this.name = name;
        this.most = most;
        this.handler = handler;
    }

    synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = new Thread(this::loop, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops once what was handed over is handled; call it when nothing more can be handed over. */
    synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<T> left = new ArrayList<>();
        queue.drainTo(left);
        if (!left.isEmpty()) {
            handler.accept(left);
        }
    }

    /** @return false, taking nothing, when not running */
    boolean hand(T item) {
        if (!running) {
            return false;
        }
        queue.add(item);
        return true;
    }

    private void loop() {
        while (running || !queue.isEmpty()) {
            T first;
            try {
                first = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (first == null) {
                continue;
            }
            List<T> batch = new ArrayList<>();
            batch.add(first);
            queue.drainTo(batch, most - 1);
            try {
                handler.accept(batch);
            } catch (RuntimeException | Error e) {
                log.error("{} could not handle {} items; going on", name, batch.size(), e);
            }
        }
    }
}
