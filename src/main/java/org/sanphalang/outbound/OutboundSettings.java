package org.sanphalang.outbound;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param workers        the most threads taking messages from the outbox; one waits for work, more start while
 *                       messages wait and all are busy, and end after a minute without work. A sender makes its call
 *                       (a push or a reply) and goes on without waiting for LINE's answer ({@code callsInFlight} bounds
 *                       those), so a few lease, pace and make all of a fan-out's calls
 * @param pollInterval   how often idle senders look for due messages
 * @param sweepInterval  how often the full query looks for due messages this process does not know of (stored
 *                       by another instance, left by a crash); what it stores or puts back it claims by _id
 * @param lease          how long a sender may hold a message before another takes it over
 * @param replyWindow    how long after the event a reply token is still used (LINE promises one minute)
 * @param maxAttempts    attempts before a message is dead-lettered, a reply's included (one whose answer was lost is
 *                       made again while its token is fresh)
 * @param retryBackoff   first retry delay after a 5xx or timeout; doubles per attempt, with jitter
 * @param maxBackoff     the longest wait between attempts
 * @param retryKeyLifetime LINE honours a retry key for 24 hours from the first attempt; after that a message
 *                       is dead-lettered rather than re-keyed (which could deliver it twice)
 * @param callTimeout    how long one call to LINE may take
 * @param rateLimits     requests allowed per endpoint, e.g. {@code sanphalang.outbound.rate-limits.push.requests=2000}
 *                       and {@code ...push.per=1s}; endpoints not given keep LINE's documented limits
 *                       ({@link #LINE_RATE_LIMITS}). This process sends 95 % of each ({@link Rate#SPENT}), as LINE
 *                       advises a margin. Enforced in this process: with several instances, divide.
 * @param quotaCache     how long the monthly quota and its consumption, read from LINE, are reused
 * @param sentRetention  sent messages are deleted after this long (broadcast reports read them until then); dead
 *                       letters are kept for an operator to look at
 * @param callsInFlight  the most calls to LINE made and not yet answered and recorded. A fan-out sends at most this many
 *                       per round trip to LINE: 128 keep LINE's 1,900 a second going with answers after up to ~65 ms
 *                       (with answers after 50 ms: 1,790-1,910 a second, where 64 senders that each waited for theirs
 *                       pushed ~1,150; bench/RESULTS.md, session 29). Each call in flight holds a thread and a
 *                       connection of the HTTP client: {@code sanphalang.line.max-concurrent-requests} must be at least
 *                       this, or the bot does not start
 */
@ConfigurationProperties("sanphalang.outbound")
public record OutboundSettings(
        @DefaultValue("8") int workers,
        @DefaultValue("1s") Duration pollInterval,
        @DefaultValue("30s") Duration sweepInterval,
        @DefaultValue("2m") Duration lease,
        @DefaultValue("50s") Duration replyWindow,
        @DefaultValue("12") int maxAttempts,
        @DefaultValue("1s") Duration retryBackoff,
        @DefaultValue("10m") Duration maxBackoff,
        @DefaultValue("24h") Duration retryKeyLifetime,
        @DefaultValue("15s") Duration callTimeout,
        Map<Endpoint, Rate> rateLimits,
        @DefaultValue("1m") Duration quotaCache,
        @DefaultValue("30d") Duration sentRetention,
        @DefaultValue("128") int callsInFlight) {

    /** The Messaging API endpoints that send, each with a rate limit of its own. */
    public enum Endpoint { REPLY, PUSH, MULTICAST, BROADCAST, NARROWCAST }

    /**
     * LINE's documented limits (Messaging API reference, "Rate limits"): 2,000 requests per second for reply,
     * push and multicast; 60 requests per hour for broadcast and narrowcast.
     */
    public static final Map<Endpoint, Rate> LINE_RATE_LIMITS = Collections.unmodifiableMap(new EnumMap<>(Map.of(
            Endpoint.REPLY, new Rate(2_000, Duration.ofSeconds(1)),
            Endpoint.PUSH, new Rate(2_000, Duration.ofSeconds(1)),
            Endpoint.MULTICAST, new Rate(2_000, Duration.ofSeconds(1)),
            Endpoint.BROADCAST, new Rate(60, Duration.ofHours(1)),
            Endpoint.NARROWCAST, new Rate(60, Duration.ofHours(1)))));

    /**
     * {@code requests} per {@code per}. A limit counted per second (or less) is spent evenly: at most
     * {@link #SMOOTHING}'s worth of requests at once. LINE does not document the window it counts in, and the
     * bench's stand-in, counting as a 50 ms bucket, answered 429 to a sixth of a fan-out that began with a full
     * second's burst (bench/RESULTS.md, session 12): each 429 costs a round trip and a retry. A longer limit
     * (broadcast's 60 an hour) is also its burst, so a quiet hour banks no more than LINE allows.
     */
    public record Rate(int requests, Duration per) {

        /**
         * How much of a per-second limit may go at once. Half the 50 ms the bench's stand-in counts in: a sender takes
         * its turn here and the HTTP client's threads then write the call when the cores let them, so calls spaced
         * here can reach LINE bunched. With 50 ms (95 pushes at once, the stand-in allowing 100) that drew 118 429s in
         * ten of 22 fan-outs, with 25 ms 19 in one of 22, at the same rate (bench/RESULTS.md, session 31).
         */
        public static final Duration SMOOTHING = Duration.ofMillis(25);
        /**
         * The share of a limit this process spends. LINE advises a limiter with a margin below the limit, as requests
         * paced at it can reach LINE bunched and over it ("Best practices for preventing HTTP status code 429 errors").
         * Paced at the limit, a 10,000-group fan-out drew 1–13 429s from the bench's stand-in, and their retries, a
         * backoff later, kept the last groups waiting up to a second after the rest (bench/RESULTS.md, session 20).
         */
        public static final double SPENT = 0.95;

        public Rate {
            if (requests < 1) {
                throw new IllegalArgumentException("A rate limit allows at least 1 request, not " + requests);
            }
            Objects.requireNonNull(per, "per");
            if (per.isZero() || per.isNegative()) {
                throw new IllegalArgumentException("A rate limit's period must be positive, not " + per);
            }
        }

        /** Requests this process sends per {@code per}: {@link #SPENT} of the limit (1,900 of LINE's 2,000 a second), at least one. */
        public int paced() {
            return (int) Math.max(1, Math.floor(requests * SPENT));
        }

        /**
         * Requests that may go at once: {@link #SMOOTHING}'s worth of the paced rate for a per-second limit, all of the
         * paced ones for a longer one.
         */
        public int burst() {
            if (per.compareTo(Duration.ofSeconds(1)) > 0) {
                return paced();
            }
            return (int) Math.max(1, Math.ceil(paced() * (double) SMOOTHING.toNanos() / per.toNanos()));
        }
    }

    public OutboundSettings {
        // Settings name only the endpoints they change; the others keep LINE's limits.
        EnumMap<Endpoint, Rate> merged = new EnumMap<>(LINE_RATE_LIMITS);
        if (rateLimits != null) {
            merged.putAll(rateLimits);
        }
        rateLimits = Collections.unmodifiableMap(merged);
        if (callsInFlight < 1) {
            throw new IllegalArgumentException("calls-in-flight must be at least 1, not " + callsInFlight);
        }
    }

    public Rate rateLimit(Endpoint endpoint) {
        return rateLimits.get(endpoint);
    }
}
