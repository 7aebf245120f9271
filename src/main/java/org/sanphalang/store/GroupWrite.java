package org.sanphalang.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Group write: concurrent callers hand in their items and wait; whichever caller holds the lock writes everything
 * queued meanwhile with one call, so a burst of callers costs one write (one round trip, one commit, one file
 * append) instead of one each. A caller that gets the lock and finds its items already written returns at once.
 *
 * @param <T> what is written
 * @param <R> what each item's write came to (new or duplicate, say)
 */
public final class GroupWrite<T, R> {

    /** Writes the items together; answers one result per item, in order, or throws for all of them. */
    @FunctionalInterface
    public interface Writer<T, R> {
        List<R> write(List<T> items);
    }

    private final int maxItems;
    private final Writer<T, R> writer;
    private final Queue<Pending<T, R>> queued = new ConcurrentLinkedQueue<>();
    private final Object lock = new Object();

    /** @param maxItems items per write at most (a caller's own items are never split) */
    public GroupWrite(int maxItems, Writer<T, R> writer) {
        this.maxItems = maxItems;
        this.writer = writer;
    }

    /** Returns once the items are written, with one result per item; rethrows the write's failure. */
    public List<R> write(List<T> items) {
        Pending<T, R> mine = new Pending<>(items);
        queued.add(mine);
        synchronized (lock) {
            while (!mine.written) {
                writeQueued();
            }
        }
        if (mine.failure != null) {
            throw mine.failure;
        }
        return mine.results;
    }

    private void writeQueued() {
        List<Pending<T, R>> batch = new ArrayList<>();
        List<T> items = new ArrayList<>();
        for (Pending<T, R> next; items.size() < maxItems && (next = queued.poll()) != null; ) {
            batch.add(next);
            items.addAll(next.items);
        }
        RuntimeException failure = null;
        List<R> results = null;
        try {
            results = writer.write(items);
        } catch (RuntimeException e) {
            failure = e;
        }
        int from = 0;
        for (Pending<T, R> pending : batch) {
            int to = from + pending.items.size();
            pending.failure = failure;
            pending.results = failure == null ? List.copyOf(results.subList(from, to)) : null;
            pending.written = true;
            from = to;
        }
    }

    /** One caller's items and what became of them; written and read under the lock. */
    private static final class Pending<T, R> {
        final List<T> items;
        boolean written;
        List<R> results;
        RuntimeException failure;

        Pending(List<T> items) {
            this.items = items;
        }
    }
}
