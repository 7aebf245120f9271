package org.sanphalang.store;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Work this process knows is due, beside a durable work collection (the inbox's keys, the outbox's ids): the
 * workers claim what a hint names by key instead of querying the whole collection. Times are on
 * {@link System#nanoTime()}'s scale.
 * <p>
 * At most one live hint per key. A sweep finds every due entry again, including those already hinted: without
 * this, a backlog of N entries swept every interval grew the queue by N per sweep, and under CPU contention the
 * workers spent their time re-reading entries already handled while new ones waited behind them (the outbox
 * stalled this way in the fault-injection test, with the tests' 200 ms sweep).
 * <p>
 * At most {@code capacity} keys: a hint for a new key beyond that is refused, and its owner leaves the entry to
 * its next sweep (the entries are in the store; hints only save a query). Without a bound a backlog of a million
 * events would be a million hints on the heap.
 *
 * @param <K> what identifies a unit of work
 * @param <T> what a worker needs to claim it (the key, or the key with the state it was seen in)
 */
public final class DueHints<K, T> {

    private final DelayQueue<Hint<T>> queue = new DelayQueue<>();
    private final ConcurrentHashMap<K, Hint<T>> live = new ConcurrentHashMap<>();
    private final Function<T, K> key;
    private final int capacity;
    private final AtomicBoolean refused = new AtomicBoolean();

    public DueHints(Function<T, K> key, int capacity) {
        this.key = key;
        this.capacity = capacity;
    }

    /**
     * Due now.
     *
     * @return false when refused for want of room: a sweep must find the entry
     */
    public boolean add(T item) {
        return add(item, System.nanoTime());
    }

    /**
     * Due at {@code atNanos}. A hint already queued for the same key stays when it names the same item and is due
     * no later; otherwise this one replaces it (newer state, or sooner), and the old one is skipped when it comes up.
     *
     * @return false when refused for want of room: a sweep must find the entry
     */
    public boolean add(T item, long atNanos) {
        K k = key.apply(item);
        if (live.size() >= capacity && !live.containsKey(k)) {
            refused.set(true);
            return false; // approximate under concurrency (by a few), which is all a bound on memory needs
        }
        live.compute(k, (same, old) -> {
            if (old != null && old.item().equals(item) && old.atNanos() <= atNanos) {
                return old;
            }
            Hint<T> hint = new Hint<>(item, atNanos);
            queue.add(hint);
            return hint;
        });
        return true;
    }

    /** @return the next hint that is due, or null; replaced hints are dropped on the way */
    public T poll() {
        for (Hint<T> hint; (hint = queue.poll()) != null; ) {
            if (live.remove(key.apply(hint.item()), hint)) {
                return hint.item();
            }
        }
        return null;
    }

    /** Whether no hint is due now (none at all, or only later ones). */
    public boolean noneDueNow() {
        Hint<T> head = queue.peek();
        return head == null || head.getDelay(TimeUnit.NANOSECONDS) > 0;
    }

    /**
     * Whether a hint was refused for want of room since {@link #sweeping()}: then due entries wait in the store and
     * the owner should sweep as soon as no hint is due.
     */
    public boolean refusedSome() {
        return refused.get();
    }

    /** The owner is about to read due entries from the store: what it finds covers every refusal so far. */
    public void sweeping() {
        refused.set(false);
    }

    /** Live hints, due or not. */
    public int size() {
        return live.size();
    }

    private record Hint<T>(T item, long atNanos) implements Delayed {

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(atNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(atNanos, ((Hint<?>) other).atNanos);
        }
    }
}
