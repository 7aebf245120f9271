package org.sanphalang.outbound.internal;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.LongSupplier;

import org.sanphalang.outbound.OutboundSettings;
import org.sanphalang.outbound.OutboundSettings.Endpoint;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Keeps this process under LINE's per-endpoint rate limits, with a margin ({@link OutboundSettings.Rate#paced}), so a
 * fan-out slows itself down instead of collecting 429s (which would still cost a round trip and a retry each).
 */
@Component
public class RateLimiter {

    private final Map<Endpoint, TokenBucket> buckets = new EnumMap<>(Endpoint.class);

    @Autowired
    RateLimiter(OutboundSettings settings) {
        this(settings, System::nanoTime);
    }

    /** On a clock of the caller's (tests). */
    RateLimiter(OutboundSettings settings, LongSupplier nanos) {
        for (Endpoint endpoint : Endpoint.values()) {
            OutboundSettings.Rate rate = settings.rateLimit(endpoint);
            buckets.put(endpoint, new TokenBucket(rate.burst(), rate.paced(), rate.per(), nanos));
        }
    }

    /**
     * @return ZERO if the request may go now; a wait of at most {@code most} after which it may go (its turn is kept
     *         for it); else how long until it may, nothing kept
     */
    public Duration acquire(Endpoint endpoint, Duration most) {
        return buckets.get(endpoint).take(most);
    }
}
