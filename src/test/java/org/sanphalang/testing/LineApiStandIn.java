package org.sanphalang.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import static org.assertj.core.api.Assertions.fail;

/**
 * A local stand-in for LINE's Messaging API and its data API (one base URL serves both), for tests.
 * <p>
 * Every request is checked against LINE's OpenAPI spec ({@link LineApiSpec}); a request that breaks it is
 * recorded as a violation and answered as LINE would (400 with {@code details}, 401 without a bearer token,
 * 404 for an unknown path), so both the test and the bot see the problem. Requests are recorded, answered
 * with realistic bodies, and LINE's semantics are emulated: {@code X-Line-Retry-Key} (409 for a key already
 * accepted), single-use reply tokens, quota and its consumption. Faults can be injected ({@link #inject}).
 * <p>
 * Thread-safe: served by a thread pool, so concurrent requests are handled concurrently.
 *
 * <pre>{@code
 * try (LineApiStandIn line = LineApiStandIn.start()) {
 *     MessagingApiClient client = MessagingApiClient.builder("token").apiEndPoint(line.baseUrl()).build();
 *     ...
 *     line.assertNoViolations();
 *     assertThat(line.requests("POST", "/v2/bot/message/push")).hasSize(1);
 * }
 * }</pre>
 */
public final class LineApiStandIn implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> SENDING = Set.of("/v2/bot/message/push", "/v2/bot/message/multicast",
            "/v2/bot/message/broadcast", "/v2/bot/message/narrowcast");
    private static final Pattern GROUP_SUMMARY = Pattern.compile("/v2/bot/group/([^/]+)/summary");
    private static final Pattern GROUP_MEMBER = Pattern.compile("/v2/bot/(?:group|room)/([^/]+)/member/([^/]+)");
    private static final Pattern MEMBER_COUNT = Pattern.compile("/v2/bot/(?:group|room)/([^/]+)/members/count");
    private static final Pattern PROFILE = Pattern.compile("/v2/bot/profile/([^/]+)");
    private static final Pattern CONTENT = Pattern.compile("/v2/bot/message/([^/]+)/content(/preview)?");
    private static final Pattern TRANSCODING = Pattern.compile("/v2/bot/message/([^/]+)/content/transcoding");
    private static final Pattern LEAVE = Pattern.compile("/v2/bot/(?:group|room)/([^/]+)/leave");
    /** The bytes served as message content: a minimal JPEG (SOI, APP0 JFIF, EOI). */
    private static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 16, 'J', 'F', 'I', 'F',
            0, 1, 1, 0, 0, 1, 0, 1, 0, 0, (byte) 0xFF, (byte) 0xD9};

    private final HttpServer server;
    private final ExecutorService executor;
    private final URI baseUrl;

    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    /** The client ports requests came from: one per connection the client opened. */
    private final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final List<Fault> faults = new CopyOnWriteArrayList<>();
    private volatile RandomFailures randomFailures;

    private final Object lock = new Object();
    private final Map<String, AcceptedSend> acceptedRetryKeys = new LinkedHashMap<>();
    private final Set<String> usedReplyTokens = new HashSet<>();
    private final AtomicInteger acceptedCount = new AtomicInteger();
    private final AtomicLong totalUsage = new AtomicLong();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger mostInFlight = new AtomicInteger();
    private final AtomicLong messageIds = new AtomicLong(1_000_000_000_000L);

    private final Map<String, String> profiles = new ConcurrentHashMap<>();
    private final Map<String, String> groupNames = new ConcurrentHashMap<>();
    private final Map<String, Integer> memberCounts = new ConcurrentHashMap<>();
    private volatile long quota = 500;
    private volatile int followers = 10;
    private volatile boolean quotaExhausted;
    private volatile boolean enforceQuota;
    private volatile boolean replyTokensExpired;

    private record AcceptedSend(String requestId, ArrayNode sentMessages, int hits) {
    }

    private record RandomFailures(double p5xx, double p429, Random random) {
    }

    private record Answer(int status, String contentType, byte[] body, Map<String, String> headers, String fault) {
        static Answer json(int status, String json) {
            return new Answer(status, "application/json", json.getBytes(StandardCharsets.UTF_8), Map.of(), null);
        }

        Answer withHeader(String name, String value) {
            Map<String, String> h = new LinkedHashMap<>(headers);
            h.put(name, value);
            return new Answer(status, contentType, body, h, fault);
        }

        Answer withFault(String f) {
            return new Answer(status, contentType, body, headers, f);
        }
    }

    private LineApiStandIn() throws IOException {
        // A deep accept queue: a test opening hundreds of connections at once must not see the kernel's default
        // backlog overflow as connection resets ("header parser received no bytes"), which LINE never causes.
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
        AtomicInteger threads = new AtomicInteger();
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "line-stand-in-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        baseUrl = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Starts a stand-in on a free local port; the OpenAPI spec is loaded (once per JVM) now. */
    public static LineApiStandIn start() {
        LineApiSpec.validator();
        try {
            return new LineApiStandIn();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start the LINE API stand-in", e);
        }
    }

    /** E.g. {@code http://127.0.0.1:54321}; give it to both the Messaging API and the blob (data API) client. */
    public URI baseUrl() {
        return baseUrl;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ---------------------------------------------------------------- records and checks

    /** Every request received, in order of arrival of their answers. */
    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    /** The requests with this method and exactly this path (no query), e.g. {@code ("POST", "/v2/bot/message/push")}. */
    public List<RecordedRequest> requests(String method, String path) {
        return requests.stream().filter(r -> r.method().equalsIgnoreCase(method) && r.path().equals(path)).toList();
    }

    /** Every spec violation seen, each prefixed with the request's method and path. */
    public List<String> violations() {
        return List.copyOf(violations);
    }

    /** Fails (AssertJ) listing every violation, if there is any. */
    public void assertNoViolations() {
        if (!violations.isEmpty()) {
            fail("The bot sent " + violations.size() + " request problem(s) LINE would reject:\n  "
                    + String.join("\n  ", violations));
        }
    }

    /** Push/multicast/broadcast/narrowcast requests accepted (2xx) so far; replies are not counted here. */
    public int acceptedCount() {
        return acceptedCount.get();
    }

    /** Each retry key accepted, with how many requests carried it (1 = never retried; 3 = accepted once, two 409s). */
    public Map<String, Integer> acceptedRetryKeys() {
        synchronized (lock) {
            Map<String, Integer> copy = new LinkedHashMap<>();
            acceptedRetryKeys.forEach((k, v) -> copy.put(k, v.hits()));
            return copy;
        }
    }

    /** What {@code GET /v2/bot/message/quota/consumption} answers: messages charged so far. */
    public long totalUsage() {
        return totalUsage.get();
    }

    /** The most requests that were being answered at one moment since the start (or the last reset). */
    public int mostInFlight() {
        return mostInFlight.get();
    }

    /** How many connections the requests since the start (or the last reset) came over. */
    public int connections() {
        return clientPorts.size();
    }

    /** Forgets requests, violations, faults, accepted keys and tokens, usage and all settings. */
    public void reset() {
        synchronized (lock) {
            requests.clear();
            clientPorts.clear();
            mostInFlight.set(inFlight.get());
            violations.clear();
            faults.clear();
            randomFailures = null;
            acceptedRetryKeys.clear();
            usedReplyTokens.clear();
            acceptedCount.set(0);
            totalUsage.set(0);
            profiles.clear();
            groupNames.clear();
            memberCounts.clear();
            quota = 500;
            followers = 10;
            quotaExhausted = false;
            enforceQuota = false;
            replyTokensExpired = false;
        }
    }

    // ---------------------------------------------------------------- canned data

    /** The display name answered for this user (profile and group member profile). Default: 'ผู้ใช้ ' + last 4 chars. */
    public LineApiStandIn profile(String userId, String displayName) {
        profiles.put(userId, displayName);
        return this;
    }

    /** The group name answered by the group summary. Default: 'กลุ่ม ' + groupId. */
    public LineApiStandIn groupName(String groupId, String name) {
        groupNames.put(groupId, name);
        return this;
    }

    /** Members of a group or room (members/count, and what a push to it is charged). Default 5. */
    public LineApiStandIn memberCount(String groupId, int count) {
        memberCounts.put(groupId, count);
        return this;
    }

    /** Followers (what a broadcast or narrowcast is charged). Default 10. */
    public LineApiStandIn followers(int count) {
        this.followers = count;
        return this;
    }

    /** The monthly limit answered by {@code GET /v2/bot/message/quota}. Default 500. */
    public LineApiStandIn quota(long value) {
        this.quota = value;
        return this;
    }

    /** When set, every push/multicast/broadcast/narrowcast gets 429 "You have reached your monthly limit.". */
    public LineApiStandIn quotaExhausted(boolean exhausted) {
        this.quotaExhausted = exhausted;
        return this;
    }

    /** When set, a send that would take usage past {@link #quota(long)} gets the monthly-limit 429. Default off. */
    public LineApiStandIn enforceQuota(boolean enforce) {
        this.enforceQuota = enforce;
        return this;
    }

    /** From now on every reply gets 400 "Invalid reply token" (as when a token's minute has passed). */
    public LineApiStandIn expireReplyTokens() {
        this.replyTokensExpired = true;
        return this;
    }

    // ---------------------------------------------------------------- faults

    /** Adds a fault rule; rules are tried in the order added, the first that fires answers. */
    public LineApiStandIn inject(Fault fault) {
        faults.add(fault);
        return this;
    }

    /** Removes all fault rules (and random failures). */
    public LineApiStandIn clearFaults() {
        faults.clear();
        randomFailures = null;
        return this;
    }

    /** The next {@code n} requests (any path) get {@code status} (e.g. 500, 502, 503, 429). */
    public LineApiStandIn failNext(int n, int status) {
        return inject((status == 429 ? Fault.rateLimit(null) : Fault.status(status)).times(n));
    }

    /**
     * Each push/multicast/broadcast/narrowcast/reply fails with probability {@code p5xx} (500, 502 or 503 in
     * turn) or {@code p429} (429 with {@code Retry-After: 1}); one {@link Random} seeded with {@code seed}
     * decides, so a run is reproducible for the same order of requests.
     */
    public LineApiStandIn failRandomly(double p5xx, double p429, long seed) {
        randomFailures = new RandomFailures(p5xx, p429, new Random(seed));
        return this;
    }

    /** Every request waits {@code delay} before it is handled (and then handled normally). */
    public LineApiStandIn delay(Duration delay) {
        return inject(Fault.slow(delay));
    }

    // ---------------------------------------------------------------- serving

    private void handle(HttpExchange exchange) throws IOException {
        mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        try {
            serve(exchange);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private void serve(HttpExchange exchange) throws IOException {
        Instant at = Instant.now();
        clientPorts.add(exchange.getRemoteAddress().getPort());
        String method = exchange.getRequestMethod();
        URI uri = exchange.getRequestURI();
        String path = uri.getRawPath();
        String query = uri.getRawQuery();
        byte[] raw;
        try (InputStream in = exchange.getRequestBody()) {
            raw = in.readAllBytes();
        }
        String body = new String(raw, StandardCharsets.UTF_8);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, List.copyOf(v)));

        List<String> problems = LineApiSpec.validate(method, query == null ? path : path + "?" + query, headers,
                body.isEmpty() ? null : body);
        problems.forEach(p -> violations.add(method + " " + path + ": " + p));

        Answer answer;
        try {
            answer = answer(method, path, headers, body, problems);
        } catch (RuntimeException e) {
            answer = Answer.json(500, "{\"message\":\"Stand-in error: " + e.getClass().getSimpleName() + "\"}");
            violations.add(method + " " + path + ": stand-in could not handle it: " + e);
        }
        if (answer.status() < 0) { // timeout fault: never answer
            requests.add(new RecordedRequest(method, path, query, headers, body, -1, "", problems, answer.fault(), at));
            exchange.close();
            return;
        }
        exchange.getResponseHeaders().set("x-line-request-id", UUID.randomUUID().toString());
        answer.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        if (answer.contentType() != null) {
            exchange.getResponseHeaders().set("Content-Type", answer.contentType());
        }
        boolean binary = !"application/json".equals(answer.contentType());
        requests.add(new RecordedRequest(method, path, query, headers, body, answer.status(),
                binary ? "" : new String(answer.body(), StandardCharsets.UTF_8), problems, answer.fault(), at));
        exchange.sendResponseHeaders(answer.status(), answer.body().length == 0 ? -1 : answer.body().length);
        if (answer.body().length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer.body());
            }
        }
        exchange.close();
    }

    private Answer answer(String method, String path, Map<String, List<String>> headers, String body,
                          List<String> problems) {
        Answer rejected = rejectInvalid(problems);
        if (rejected != null) {
            return rejected;
        }
        Answer faulted = fault(method, path, body);
        if (faulted != null) {
            return faulted;
        }
        return route(method, path, headers, body);
    }

    private static Answer rejectInvalid(List<String> problems) {
        if (problems.isEmpty()) {
            return null;
        }
        if (problems.stream().anyMatch(p -> p.contains("validation.request.path.missing"))) {
            return Answer.json(404, "{\"message\":\"Not found\"}");
        }
        if (problems.stream().anyMatch(p -> p.startsWith("line.authorization"))) {
            return Answer.json(401, "{\"message\":\"Authentication failed. Confirm that the access token in the "
                    + "authorization header is valid.\"}");
        }
        if (problems.stream().anyMatch(p -> p.contains("validation.request.operation.notAllowed"))) {
            return Answer.json(405, "{\"message\":\"Method not allowed\"}");
        }
        ObjectNode error = JSON.createObjectNode();
        error.put("message", "The request body has " + problems.size() + " error(s)");
        ArrayNode details = error.putArray("details");
        for (String p : problems) {
            ObjectNode d = details.addObject();
            int colon = p.indexOf(": ");
            boolean pointer = colon > 0 && p.startsWith("/");
            d.put("message", pointer ? p.substring(colon + 2) : p);
            d.put("property", pointer ? p.substring(1, colon).replace('/', '.') : "");
        }
        return Answer.json(400, error.toString());
    }

    private Answer fault(String method, String path, String body) {
        for (Fault f : faults) {
            if (!f.matchesTarget(method, path, body) || !f.fire()) {
                continue;
            }
            switch (f.kind) {
                case SLOW -> sleep(f.delay);
                case TIMEOUT -> {
                    sleep(f.delay);
                    return new Answer(-1, null, new byte[0], Map.of(), f.toString());
                }
                case REJECT_MARKER -> {
                    return Answer.json(400, "{\"message\":\"The request body has 1 error(s)\",\"details\":[{"
                            + "\"message\":\"Rejected by the stand-in: body contains a rejected marker\","
                            + "\"property\":\"messages[0]\"}]}").withFault(f.toString());
                }
                default -> {
                    Answer a = Answer.json(f.status, f.body).withFault(f.toString());
                    return f.retryAfterSeconds == null ? a : a.withHeader("Retry-After", f.retryAfterSeconds.toString());
                }
            }
        }
        RandomFailures rf = randomFailures;
        if (rf != null && method.equals("POST") && (SENDING.contains(path) || path.equals("/v2/bot/message/reply"))) {
            double r;
            int which;
            synchronized (rf.random()) {
                r = rf.random().nextDouble();
                which = rf.random().nextInt(3);
            }
            if (r < rf.p5xx()) {
                int status = new int[] {500, 502, 503}[which];
                return Answer.json(status, Fault.status(status).body).withFault("random " + status);
            }
            if (r < rf.p5xx() + rf.p429()) {
                return Answer.json(429, "{\"message\":\"Too many requests\"}").withHeader("Retry-After", "1")
                        .withFault("random 429");
            }
        }
        return null;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Answer route(String method, String path, Map<String, List<String>> headers, String body) {
        Matcher m;
        if (method.equals("POST") && SENDING.contains(path)) {
            return send(path, header(headers, "X-Line-Retry-Key"), parse(body));
        }
        if (method.equals("POST") && path.equals("/v2/bot/message/reply")) {
            return reply(parse(body));
        }
        if (method.equals("POST") && path.equals("/v2/bot/chat/loading/start")) {
            return Answer.json(202, "{}");
        }
        if (method.equals("POST") && path.startsWith("/v2/bot/message/validate/")) {
            return Answer.json(200, "{}");
        }
        if (method.equals("POST") && LEAVE.matcher(path).matches()) {
            return Answer.json(200, "{}");
        }
        if (method.equals("GET")) {
            if (path.equals("/v2/bot/message/quota")) {
                return Answer.json(200, "{\"type\":\"limited\",\"value\":" + quota + "}");
            }
            if (path.equals("/v2/bot/message/quota/consumption")) {
                return Answer.json(200, "{\"totalUsage\":" + totalUsage.get() + "}");
            }
            if (path.equals("/v2/bot/info")) {
                return Answer.json(200, "{\"userId\":\"Ubot0000000000000000000000000000\",\"basicId\":\"@sanphalang\","
                        + "\"displayName\":\"สานพลัง\",\"chatMode\":\"bot\",\"markAsReadMode\":\"auto\"}");
            }
            if ((m = GROUP_SUMMARY.matcher(path)).matches()) {
                String id = m.group(1);
                ObjectNode o = JSON.createObjectNode();
                o.put("groupId", id);
                o.put("groupName", groupNames.getOrDefault(id, "กลุ่ม " + id));
                o.put("pictureUrl", "https://profile.line-scdn.net/stand-in/" + id);
                return Answer.json(200, o.toString());
            }
            if ((m = MEMBER_COUNT.matcher(path)).matches()) {
                return Answer.json(200, "{\"count\":" + memberCounts.getOrDefault(m.group(1), 5) + "}");
            }
            if ((m = GROUP_MEMBER.matcher(path)).matches()) {
                return Answer.json(200, profile(m.group(2), false).toString());
            }
            if ((m = PROFILE.matcher(path)).matches()) {
                return Answer.json(200, profile(m.group(1), true).toString());
            }
            if ((m = TRANSCODING.matcher(path)).matches()) {
                return Answer.json(200, "{\"status\":\"succeeded\"}");
            }
            if ((m = CONTENT.matcher(path)).matches()) {
                return new Answer(200, "image/jpeg", JPEG, Map.of(), null);
            }
        }
        return Answer.json(404, "{\"message\":\"Not found\"}");
    }

    private ObjectNode profile(String userId, boolean full) {
        ObjectNode o = JSON.createObjectNode();
        o.put("displayName", profiles.getOrDefault(userId,
                "ผู้ใช้ " + userId.substring(Math.max(0, userId.length() - 4))));
        o.put("userId", userId);
        o.put("pictureUrl", "https://profile.line-scdn.net/stand-in/" + userId);
        if (full) {
            o.put("language", "th");
        }
        return o;
    }

    private Answer send(String path, String retryKey, JsonNode request) {
        int messages = request.path("messages").size();
        long cost = switch (path) {
            case "/v2/bot/message/push" -> cost(request.path("to").asText());
            case "/v2/bot/message/multicast" -> request.path("to").size();
            default -> followers;
        };
        synchronized (lock) {
            if (retryKey != null) {
                AcceptedSend earlier = acceptedRetryKeys.get(retryKey);
                if (earlier != null) {
                    acceptedRetryKeys.put(retryKey, new AcceptedSend(earlier.requestId(), earlier.sentMessages(),
                            earlier.hits() + 1));
                    ObjectNode o = JSON.createObjectNode();
                    o.put("message", "The retry key is already accepted");
                    if (path.equals("/v2/bot/message/push")) {
                        o.set("sentMessages", earlier.sentMessages());
                    }
                    return Answer.json(409, o.toString()).withHeader("x-line-accepted-request-id", earlier.requestId());
                }
            }
            if (quotaExhausted || (enforceQuota && totalUsage.get() + cost > quota)) {
                return Answer.json(429, "{\"message\":\"You have reached your monthly limit.\"}");
            }
            ArrayNode sent = sentMessages(messages);
            String requestId = UUID.randomUUID().toString();
            if (retryKey != null) {
                acceptedRetryKeys.put(retryKey, new AcceptedSend(requestId, sent, 1));
            }
            acceptedCount.incrementAndGet();
            totalUsage.addAndGet(cost);
            if (path.equals("/v2/bot/message/push")) {
                ObjectNode o = JSON.createObjectNode();
                o.set("sentMessages", sent);
                return Answer.json(200, o.toString()).withHeader("x-line-request-id", requestId);
            }
            return Answer.json(200, "{}").withHeader("x-line-request-id", requestId);
        }
    }

    private long cost(String to) {
        if (to.startsWith("C") || to.startsWith("R")) {
            return memberCounts.getOrDefault(to, 5);
        }
        return 1;
    }

    private Answer reply(JsonNode request) {
        String token = request.path("replyToken").asText();
        synchronized (lock) {
            if (replyTokensExpired || !usedReplyTokens.add(token)) {
                return Answer.json(400, "{\"message\":\"Invalid reply token\"}");
            }
        }
        ObjectNode o = JSON.createObjectNode();
        o.set("sentMessages", sentMessages(request.path("messages").size()));
        return Answer.json(200, o.toString());
    }

    private ArrayNode sentMessages(int count) {
        ArrayNode sent = JSON.createArrayNode();
        for (int i = 0; i < count; i++) {
            long id = messageIds.incrementAndGet();
            sent.addObject().put("id", Long.toString(id)).put("quoteToken", "q" + id);
        }
        return sent;
    }

    private static String header(Map<String, List<String>> headers, String name) {
        return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .flatMap(e -> e.getValue().stream()).findFirst().orElse(null);
    }

    private static JsonNode parse(String body) {
        try {
            return body.isEmpty() ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }
}
