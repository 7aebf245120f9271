package org.sanphalang.outbound.internal;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A token bucket: {@code capacity} tokens, refilled evenly at {@code requests} per {@code period}. Small and
 * in-process on purpose — one bucket per LINE endpoint is all the outbox needs, and a library (Bucket4j,
 * Resilience4j) would add a dependency for a dozen lines. Time comes from a nanosecond supplier so tests
 * can drive it.
 * <p>
 * Thread-safe.
 */
public final class TokenBucket {

    private final long capacity;
    private final double tokensPerNano;
    private final LongSupplier nanos;
    private double tokens;
    private long refilledAt;

    /** A bucket holding at most {@code capacity} tokens, refilled at {@code requests} per {@code period}. */
    public TokenBucket(long capacity, long requests, Duration period, LongSupplier nanos) {
        if (capacity < 1 || requests < 1 || period.isZero() || period.isNegative()) {
            throw new IllegalArgumentException("A bucket needs a capacity ≥ 1, a rate ≥ 1 and a positive period");
        }
        this.capacity = capacity;
        this.tokensPerNano = (double) requests / period.toNanos();
        this.nanos = nanos;
        this.tokens = capacity;
        this.refilledAt = nanos.getAsLong();
    }

    /**
     * Takes a token: now, or ahead of time if one will be there within {@code most} — the caller then waits that long
     * and goes, without asking again. Taken ahead, tokens run below one, so the next caller is given the next free
     * moment: a few senders each wait once for their own moment instead of all waking for every token.
     *
     * @return {@link Duration#ZERO}: taken, go now; a wait of at most {@code most}: taken, go after it; a longer wait:
     *         nothing taken, that long until a token (the caller decides whether to come back later)
     */
    public synchronized Duration take(Duration most) {
        refill();
        if (tokens >= 1) {
            tokens -= 1;
            return Duration.ZERO;
        }
        // at least a nanosecond, so "not now" is never mistaken for ZERO
        Duration wait = Duration.ofNanos(Math.max(1, (long) Math.ceil((1 - tokens) / tokensPerNano)));
        if (wait.compareTo(most) <= 0) {
            tokens -= 1;
        }
        return wait;
    }

    /** Tokens available now (for tests and metrics). */
    public synchronized double available() {
        refill();
        return tokens;
    }

    private void refill() {
        long now = nanos.getAsLong();
        long elapsed = now - refilledAt;
        if (elapsed > 0) {
            tokens = Math.min(capacity, tokens + elapsed * tokensPerNano);
            refilledAt = now;
        }
    }
}
