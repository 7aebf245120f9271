package sanphalang.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A lean stand-in for LINE's Messaging API for load runs, bound to 127.0.0.1 only. Unlike the test suite's
 * {@code LineApiStandIn} it does not validate each request against the OpenAPI spec or keep every request
 * (both too costly at thousands of requests per second on 2 cores); it keeps what the benchmarks measure:
 * <ul>
 * <li>push: LINE's {@code X-Line-Retry-Key} semantics (409 for a key already accepted — counted as a duplicate
 * attempt) and a rate limit (token bucket, {@code limitPerSecond}; over it: 429 as LINE answers);</li>
 * <li>reply: single-use tokens (400 "Invalid reply token" for one used before), the same latency and rate limit as a
 * push, counted as accepted sends;</li>
 * <li>accepted pushes per second (a histogram over wall-clock seconds) and first/last acceptance times;</li>
 * <li>group summary / member count / profile / anything else: a fast 200.</li>
 * </ul>
 */
public final class BenchStandIn implements AutoCloseable {

    static {
        // The JDK's HttpServer writes headers and body in two segments; with Nagle's algorithm on, each answer then
        // waited ~40 ms for the client's delayed ACK, and that — not the bot — was the fan-out's limit (83 pushes/s
        // with 4 senders, 339/s with 16). Read once, when the server's configuration class loads.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    /**
     * How long each push waits before its answer ({@code bench.latencyMs}, default 0): the round trip to LINE over the
     * internet, which the loopback stand-in otherwise lacks and which decides how many senders a fan-out needs.
     */
    static final long LATENCY_MS = Long.getLong("bench.latencyMs", 0);

    private final HttpServer server;
    private final ExecutorService pool;
    private final double limitPerSecond;
    private final double burst;
    private double tokens;
    private long lastRefill = System.nanoTime();

    private final Set<String> acceptedKeys = ConcurrentHashMap.newKeySet();
    /** Retry keys answered 429 at least once: their acceptance came on a retry. */
    private final Set<String> throttledKeys = ConcurrentHashMap.newKeySet();
    final AtomicLong acceptedFirstTry = new AtomicLong();
    private final AtomicLong lastFirstTryAcceptNanos = new AtomicLong(Long.MIN_VALUE);
    private final Set<String> recipients = ConcurrentHashMap.newKeySet();
    /** The client ports pushes came from: how many connections the bot opened (a pool too small opens new ones). */
    private final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
    final AtomicLong pushRequests = new AtomicLong();
    final AtomicLong accepted = new AtomicLong();
    final AtomicLong conflicts = new AtomicLong();
    final AtomicLong rateLimited = new AtomicLong();
    final AtomicLong missingKey = new AtomicLong();
    final AtomicLong otherRequests = new AtomicLong();
    final AtomicLong replies = new AtomicLong();
    final AtomicLong acceptedReplies = new AtomicLong();
    final AtomicLong usedTokens = new AtomicLong();
    private final Set<String> replyTokens = ConcurrentHashMap.newKeySet();
    private final AtomicLong firstAcceptNanos = new AtomicLong(Long.MAX_VALUE);
    private final AtomicLong lastAcceptNanos = new AtomicLong(Long.MIN_VALUE);
    private final long origin = System.nanoTime();
    private final AtomicLongArray perSecond = new AtomicLongArray(3600);

    private BenchStandIn(int port, double limitPerSecond, int threads) throws IOException {
        this.limitPerSecond = limitPerSecond;
        this.burst = limitPerSecond <= 0 ? 0 : Math.max(1, limitPerSecond / 20); // 50 ms worth of requests
        this.tokens = burst;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1024);
        this.pool = Executors.newFixedThreadPool(threads);
        server.setExecutor(pool);
        server.createContext("/", this::handle);
        server.start();
    }

    /** @param limitPerSecond push rate limit; 0 or less: none */
    public static BenchStandIn start(int port, double limitPerSecond) throws IOException {
        return new BenchStandIn(port, limitPerSecond, LATENCY_MS > 0 ? 512 : 16); // waiting answers each hold a thread
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private synchronized boolean takeToken() {
        if (limitPerSecond <= 0) {
            return true;
        }
        long now = System.nanoTime();
        tokens = Math.min(burst, tokens + (now - lastRefill) / 1e9 * limitPerSecond);
        lastRefill = now;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = in.readAllBytes();
            }
            if (path.equals("/v2/bot/message/push")) {
                roundTrip();
                push(ex, body);
            } else if (path.equals("/v2/bot/message/reply")) {
                roundTrip();
                reply(ex, body);
            } else if (path.startsWith("/v2/bot/group/") && path.endsWith("/summary")) {
                otherRequests.incrementAndGet();
                String id = path.substring("/v2/bot/group/".length(), path.length() - "/summary".length());
                answer(ex, 200, "{\"groupId\":\"" + id + "\",\"groupName\":\"Bench group " + id.substring(Math.max(0, id.length() - 4))
                        + "\",\"pictureUrl\":\"https://example.invalid/p.jpg\"}");
            } else if (path.endsWith("/members/count")) {
                otherRequests.incrementAndGet();
                answer(ex, 200, "{\"count\":12}");
            } else if (path.startsWith("/v2/bot/profile/") || path.contains("/member/")) {
                otherRequests.incrementAndGet();
                String id = path.substring(path.lastIndexOf('/') + 1);
                answer(ex, 200, "{\"userId\":\"" + id + "\",\"displayName\":\"Bench user\",\"language\":\"th\"}");
            } else {
                otherRequests.incrementAndGet();
                answer(ex, 200, "{}");
            }
        }
    }

    private static void roundTrip() {
        if (LATENCY_MS > 0) {
            try {
                Thread.sleep(LATENCY_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void reply(HttpExchange ex, byte[] body) throws IOException {
        replies.incrementAndGet();
        String text = new String(body, StandardCharsets.UTF_8);
        int at = text.indexOf("\"replyToken\":\"");
        String token = at < 0 ? "" : text.substring(at + 14, text.indexOf('"', at + 14));
        if (!takeToken()) {
            rateLimited.incrementAndGet();
            answer(ex, 429, "{\"message\":\"The API rate limit has been exceeded. Try again later.\"}");
            return;
        }
        if (!replyTokens.add(token)) {
            usedTokens.incrementAndGet();
            answer(ex, 400, "{\"message\":\"Invalid reply token\"}");
            return;
        }
        acceptedReplies.incrementAndGet();
        accept(null);
        answer(ex, 200, "{\"sentMessages\":[{\"id\":\"1\",\"quoteToken\":\"q\"}]}");
    }

    private void push(HttpExchange ex, byte[] body) throws IOException {
        pushRequests.incrementAndGet();
        clientPorts.add(ex.getRemoteAddress().getPort());
        String key = ex.getRequestHeaders().getFirst("X-Line-Retry-Key");
        if (key == null) {
            missingKey.incrementAndGet();
        } else if (acceptedKeys.contains(key)) {
            conflicts.incrementAndGet();
            answer(ex, 409, "{\"message\":\"The retry key is already accepted\"}");
            return;
        }
        if (!takeToken()) {
            rateLimited.incrementAndGet();
            if (key != null) {
                throttledKeys.add(key);
            }
            answer(ex, 429, "{\"message\":\"The API rate limit has been exceeded. Try again later.\"}");
            return;
        }
        if (key != null && !acceptedKeys.add(key)) {
            conflicts.incrementAndGet(); // two concurrent attempts with one key: LINE accepts one
            answer(ex, 409, "{\"message\":\"The retry key is already accepted\"}");
            return;
        }
        String text = new String(body, StandardCharsets.UTF_8);
        int to = text.indexOf("\"to\":\"");
        if (to >= 0) {
            recipients.add(text.substring(to + 6, text.indexOf('"', to + 6)));
        }
        accept(key);
        answer(ex, 200, "{\"sentMessages\":[{\"id\":\"1\",\"quoteToken\":\"q\"}]}");
    }

    /** A send accepted (a push under {@code key}, or a reply: null). */
    private void accept(String key) {
        long now = System.nanoTime();
        accepted.incrementAndGet();
        firstAcceptNanos.accumulateAndGet(now, Math::min);
        lastAcceptNanos.accumulateAndGet(now, Math::max);
        if (key == null || !throttledKeys.contains(key)) {
            acceptedFirstTry.incrementAndGet();
            lastFirstTryAcceptNanos.accumulateAndGet(now, Math::max);
        }
        int second = (int) Math.min(perSecond.length() - 1, (now - origin) / 1_000_000_000L);
        perSecond.incrementAndGet(second);
    }

    private static void answer(HttpExchange ex, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.getResponseHeaders().set("x-line-request-id", "bench");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    public long accepted() {
        return accepted.get();
    }

    public int distinctRecipients() {
        return recipients.size();
    }

    public int distinctAcceptedKeys() {
        return acceptedKeys.size();
    }

    /** Seconds between the first and the last accepted push. */
    public double acceptSpanSeconds() {
        long first = firstAcceptNanos.get();
        long last = lastAcceptNanos.get();
        return first == Long.MAX_VALUE ? 0 : (last - first) / 1e9;
    }

    /**
     * Pushes accepted at their first try per second, from the first acceptance to the last of those: the rate of the
     * fan-out's bulk, without the tail of pushes that were answered 429 and retried after a wait.
     */
    public double firstTryRate() {
        long first = firstAcceptNanos.get();
        long last = lastFirstTryAcceptNanos.get();
        return first == Long.MAX_VALUE || last <= first ? 0 : acceptedFirstTry.get() / ((last - first) / 1e9);
    }

    /** Seconds from the last push accepted at its first try to the last accepted at all (the retried tail). */
    public double retriedTailSeconds() {
        long last = lastFirstTryAcceptNanos.get();
        return last == Long.MIN_VALUE ? 0 : Math.max(0, lastAcceptNanos.get() - last) / 1e9;
    }

    public long firstAcceptNanos() {
        return firstAcceptNanos.get();
    }

    public long lastAcceptNanos() {
        return lastAcceptNanos.get();
    }

    /** The highest number of pushes accepted within one wall-clock second since start. */
    public long peakPerSecond() {
        long max = 0;
        for (int i = 0; i < perSecond.length(); i++) {
            max = Math.max(max, perSecond.get(i));
        }
        return max;
    }

    /**
     * Forgets what was pushed so far (counts, keys, recipients, times), for the next fan-out to the same running bot;
     * the rate limit's bucket carries on. Call only when nothing is being pushed.
     */
    public void reset() {
        acceptedKeys.clear();
        throttledKeys.clear();
        recipients.clear();
        clientPorts.clear();
        acceptedFirstTry.set(0);
        lastFirstTryAcceptNanos.set(Long.MIN_VALUE);
        replyTokens.clear();
        for (AtomicLong counter : List.of(pushRequests, accepted, conflicts, rateLimited, missingKey, otherRequests, replies,
                acceptedReplies, usedTokens)) {
            counter.set(0);
        }
        firstAcceptNanos.set(Long.MAX_VALUE);
        lastAcceptNanos.set(Long.MIN_VALUE);
        for (int i = 0; i < perSecond.length(); i++) {
            perSecond.set(i, 0);
        }
    }

    public String stats() {
        return "push requests=" + pushRequests.get() + " accepted=" + accepted.get() + " 409(retry key already accepted)="
                + conflicts.get() + " 429=" + rateLimited.get() + " without retry key=" + missingKey.get() + " replies="
                + replies.get() + " (accepted " + acceptedReplies.get() + ", used token " + usedTokens.get() + ") other=" + otherRequests.get() + " connections=" + clientPorts.size();
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }

    /** Standalone: {@code BenchStandIn <port> <limitPerSecond>} — runs until killed. */
    public static void main(String[] args) throws Exception {
        BenchStandIn standIn = start(Integer.parseInt(args[0]), Double.parseDouble(args[1]));
        System.out.println("Bench LINE stand-in at " + standIn.baseUrl());
        while (true) {
            Thread.sleep(10_000);
            System.out.println(standIn.stats());
        }
    }
}
