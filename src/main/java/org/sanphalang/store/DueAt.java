package org.sanphalang.store;

import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;

/**
 * Work this process knows is due at a time on {@link System#nanoTime()}'s scale, for a {@link java.util.concurrent.DelayQueue}
 * of hints beside a durable work collection (the inbox's keys, the outbox's ids): the workers claim what it names
 * by key instead of querying the whole collection.
 */
public record DueAt<T>(T item, long atNanos) implements Delayed {

    public static <T> DueAt<T> now(T item) {
        return new DueAt<>(item, System.nanoTime());
    }

    @Override
    public long getDelay(TimeUnit unit) {
        return unit.convert(atNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
    }

    @Override
    public int compareTo(Delayed other) {
        return Long.compare(atNanos, ((DueAt<?>) other).atNanos);
    }
}
