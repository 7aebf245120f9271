package org.sanphalang.testing;

import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fault the {@link LineApiStandIn} injects into matching requests. Build one with a factory
 * ({@link #status}, {@link #rateLimit}, {@link #monthlyQuota}, {@link #timeout}, {@link #slow},
 * {@link #rejectBodiesContaining}) and narrow it with {@link #on}, {@link #times} or {@link #withProbability}.
 * A faulted request is not accepted: it consumes no retry key, no reply token and no quota — except
 * {@link #slow}, which only delays a request that is then handled normally (what LINE does when the client
 * times out but the message was sent anyway).
 * <p>
 * Thread-safe; with a probability, the seeded {@link Random} is drawn under a lock, so the sequence of
 * decisions is reproducible for a given order of requests.
 */
public final class Fault {

    /** What the fault does. */
    public enum Kind { STATUS, RATE_LIMIT, MONTHLY_QUOTA, TIMEOUT, SLOW, REJECT_MARKER }

    final Kind kind;
    final int status;
    final String body;
    final Integer retryAfterSeconds;
    final Duration delay;
    final String marker;
    private String method;
    private String pathPrefix;
    private final AtomicInteger remaining = new AtomicInteger(-1);
    private double probability = 1.0;
    private Random random;

    private Fault(Kind kind, int status, String body, Integer retryAfterSeconds, Duration delay, String marker) {
        this.kind = kind;
        this.status = status;
        this.body = body;
        this.retryAfterSeconds = retryAfterSeconds;
        this.delay = delay;
        this.marker = marker;
    }

    /** An error status (500, 502, 503, …) with LINE's usual error body. */
    public static Fault status(int status) {
        String message = switch (status) {
            case 500 -> "Internal server error";
            case 502 -> "Bad gateway";
            case 503 -> "Service unavailable";
            case 504 -> "Gateway timeout";
            default -> "Error " + status;
        };
        return new Fault(Kind.STATUS, status, "{\"message\":\"" + message + "\"}", null, null, null);
    }

    /** An error status with a body of your own. */
    public static Fault status(int status, String jsonBody) {
        return new Fault(Kind.STATUS, status, jsonBody, null, null, null);
    }

    /** 429 {@code {"message":"Too many requests"}}, with {@code Retry-After} when {@code retryAfterSeconds} is given. */
    public static Fault rateLimit(Integer retryAfterSeconds) {
        return new Fault(Kind.RATE_LIMIT, 429, "{\"message\":\"Too many requests\"}", retryAfterSeconds, null, null);
    }

    /** 429 {@code {"message":"You have reached your monthly limit."}}. */
    public static Fault monthlyQuota() {
        return new Fault(Kind.MONTHLY_QUOTA, 429, "{\"message\":\"You have reached your monthly limit.\"}", null, null,
                null);
    }

    /** Holds the request for {@code wait}, then drops the connection without an answer; nothing is accepted. */
    public static Fault timeout(Duration wait) {
        return new Fault(Kind.TIMEOUT, -1, "", null, wait, null);
    }

    /** Waits {@code delay}, then handles the request normally (it IS accepted, even if the client gave up). */
    public static Fault slow(Duration delay) {
        return new Fault(Kind.SLOW, 0, "", null, delay, null);
    }

    /** A permanent 400, as LINE answers a body it rejects, for every request whose body contains {@code marker}. */
    public static Fault rejectBodiesContaining(String marker) {
        return new Fault(Kind.REJECT_MARKER, 400, null, null, null, marker);
    }

    /** Only requests with this method ({@code null}: any) whose path starts with {@code pathPrefix} ({@code null}: any). */
    public Fault on(String method, String pathPrefix) {
        this.method = method;
        this.pathPrefix = pathPrefix;
        return this;
    }

    /** Only the next {@code n} matching requests (default: every one). */
    public Fault times(int n) {
        remaining.set(n);
        return this;
    }

    /** Each matching request with probability {@code p}, drawn from a {@link Random} seeded with {@code seed}. */
    public Fault withProbability(double p, long seed) {
        this.probability = p;
        this.random = new Random(seed);
        return this;
    }

    boolean matchesTarget(String m, String path, String body) {
        if (method != null && !method.equalsIgnoreCase(m)) {
            return false;
        }
        if (pathPrefix != null && !path.startsWith(pathPrefix)) {
            return false;
        }
        return kind != Kind.REJECT_MARKER || (body != null && body.contains(marker));
    }

    /** Decides (and consumes a count) whether this fault fires for a matching request. */
    boolean fire() {
        if (random != null) {
            boolean hit;
            synchronized (random) {
                hit = random.nextDouble() < probability;
            }
            if (!hit) {
                return false;
            }
        }
        while (true) {
            int left = remaining.get();
            if (left == -1) {
                return true;
            }
            if (left == 0) {
                return false;
            }
            if (remaining.compareAndSet(left, left - 1)) {
                return true;
            }
        }
    }

    @Override
    public String toString() {
        return kind + (status > 0 ? " " + status : "") + (marker != null ? " marker=" + marker : "")
                + (delay != null ? " " + delay : "") + (method != null || pathPrefix != null
                ? " on " + (method == null ? "*" : method) + " " + (pathPrefix == null ? "*" : pathPrefix) : "");
    }
}
