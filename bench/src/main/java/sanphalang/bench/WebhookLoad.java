package sanphalang.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Sends signed LINE webhook bodies (one group text message event each, a fresh {@code webhookEventId} every time)
 * to {@code POST /callback}, on 127.0.0.1 only.
 * <ul>
 * <li>{@link #openLoop}: a constant rate whatever the server does. Each request has an intended start time
 * {@code t0 + i/rate}; its latency is measured from that intended time, so a stalled server shows as latency
 * instead of silently lowering the offered load (no coordinated omission).</li>
 * <li>{@link #closedLoop}: saturation — {@code concurrency} connections each sending the next request as soon
 * as the previous answers; throughput is what the server sustains.</li>
 * </ul>
 * Latencies go into an HdrHistogram in microseconds (3 significant digits).
 */
public final class WebhookLoad {

    public record Result(String label, long sent, long ok, long errors, double seconds, Histogram latencyMicros) {
        public double throughput() {
            return ok / seconds;
        }

        public double ms(double percentile) {
            return latencyMicros.getValueAtPercentile(percentile) / 1000.0;
        }

        public String row() {
            return "| %s | %d | %d | %d | %.0f | %.2f | %.2f | %.2f | %.2f |".formatted(label, sent, ok, errors, throughput(),
                    ms(50), ms(99), ms(99.9), latencyMicros.getMaxValue() / 1000.0);
        }

        public static String header() {
            return "| run | sent | 200 | errors | throughput (req/s) | p50 ms | p99 ms | p99.9 ms | max ms |\n"
                    + "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |";
        }
    }

    private final HttpClient client;
    private final URI url;
    private final byte[] secret;
    private final String runId;
    private final List<String> groupIds;
    private final AtomicLong seq = new AtomicLong();
    /** What each error was (a status, or the client's exception), counted: the errors column says only how many. */
    private final Map<String, AtomicLong> errorKinds = new ConcurrentHashMap<>();
    private final ThreadLocal<Mac> mac;

    public WebhookLoad(String url, String channelSecret, int groups) {
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
        this.url = URI.create(url);
        if (!"127.0.0.1".equals(this.url.getHost()) && !"localhost".equals(this.url.getHost())) {
            throw new IllegalArgumentException("Loopback only: " + url);
        }
        this.secret = channelSecret.getBytes(StandardCharsets.UTF_8);
        this.runId = Long.toString(System.currentTimeMillis(), 36).toUpperCase();
        List<String> ids = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            ids.add(groupId(g));
        }
        this.groupIds = List.copyOf(ids);
        this.mac = ThreadLocal.withInitial(() -> {
            try {
                Mac m = Mac.getInstance("HmacSHA256");
                m.init(new SecretKeySpec(secret, "HmacSHA256"));
                return m;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** The id of the load's group {@code g}: its events go to groups 0 to {@code groups - 1} in turn. */
    static String groupId(int g) {
        return "C%032x".formatted(0xbe0c0000L + g);
    }

    /** A group text message event as LINE sends it, with a fresh event id. */
    HttpRequest nextRequest() {
        long n = seq.incrementAndGet();
        String group = groupIds.get((int) (n % groupIds.size()));
        String body = ("{\"destination\":\"U0123456789abcdef0123456789abcdef\",\"events\":[{\"type\":\"message\","
                + "\"message\":{\"type\":\"text\",\"id\":\"%d\",\"quoteToken\":\"q%s%d\",\"text\":\"ผลิต ๑๒๐ ห่อ ขาย ๙๕ ห่อ ได้เงิน ๒,๓๗๕ บาท\"},"
                + "\"webhookEventId\":\"01BENCH%s%010d\",\"deliveryContext\":{\"isRedelivery\":false},\"timestamp\":%d,"
                + "\"source\":{\"type\":\"group\",\"groupId\":\"%s\",\"userId\":\"U%032x\"},"
                + "\"replyToken\":\"rt%s%d\",\"mode\":\"active\"}]}")
                .formatted(900_000_000_000L + n, runId, n, runId, n, System.currentTimeMillis(), group, n % 50, runId, n);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String signature = java.util.Base64.getEncoder().encodeToString(mac.get().doFinal(bytes));
        return HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").header("X-Line-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build();
    }

    /**
     * Open loop over a fixed pool of persistent connections ({@code bench.connections}, default 64), as wrk2 does:
     * request k is due at {@code t0 + k/rate}; whichever connection is free takes the next due request, waits for
     * its time if it is early, and its latency counts from that intended time. A server that falls behind thus
     * shows as latency (no coordinated omission) without the driver opening a new connection per late request,
     * which on 2 shared cores made the driver itself the limit.
     */
    public Result openLoop(String label, int rate, Duration duration) throws InterruptedException {
        Histogram hist = new ConcurrentHistogram(60_000_000L, 3);
        AtomicLong ok = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicLong next = new AtomicLong();
        long total = rate * duration.toSeconds();
        long period = 1_000_000_000L / rate;
        long t0 = System.nanoTime() + 10_000_000L;
        long giveUp = t0 + duration.toNanos() + TimeUnit.SECONDS.toNanos(30);
        int connections = Integer.getInteger("bench.connections", 64);
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            Thread t = new Thread(() -> {
                long k;
                while ((k = next.getAndIncrement()) < total && System.nanoTime() < giveUp) {
                    long intended = t0 + k * period;
                    long wait;
                    while ((wait = intended - System.nanoTime()) > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    Sent sent = send(ok, errors);
                    if (sent == Sent.INTERRUPTED) {
                        return;
                    }
                    hist.recordValue(Math.min(60_000_000L, Math.max(1, (System.nanoTime() - intended) / 1000)));
                }
            }, "open-" + c);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        long answered = ok.get() + errors.get();
        double seconds = duration.toNanos() / 1e9;
        return new Result(label, total, ok.get(), errors.get() + (total - answered), seconds, hist);
    }

    private enum Sent { ANSWERED, FAILED, INTERRUPTED }

    /** Sends the next request and counts a 200 as ok, anything else (or no answer) as an error. */
    private Sent send(AtomicLong ok, AtomicLong errors) {
        try {
            HttpResponse<Void> response = client.send(nextRequest(), HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() == 200) {
                ok.incrementAndGet();
            } else {
                errors.incrementAndGet();
                errorKinds.computeIfAbsent("HTTP " + response.statusCode(), k -> new AtomicLong()).incrementAndGet();
            }
            return Sent.ANSWERED;
        } catch (IOException e) {
            errors.incrementAndGet();
            errorKinds.computeIfAbsent(e.getClass().getSimpleName() + ": " + e.getMessage(), k -> new AtomicLong()).incrementAndGet();
            return Sent.FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Sent.INTERRUPTED;
        }
    }

    /** The errors since the last call, by kind ("HTTP 503 x2; IOException: ... x1"); empty when there were none. */
    public String takeErrorKinds() {
        StringJoiner out = new StringJoiner("; ");
        new TreeMap<>(errorKinds).forEach((kind, count) -> {
            long n = count.getAndSet(0);
            if (n > 0) {
                out.add(kind + " x" + n);
            }
        });
        return out.toString();
    }

    public Result closedLoop(String label, int concurrency, Duration duration) throws InterruptedException {
        Histogram hist = new ConcurrentHistogram(60_000_000L, 3);
        AtomicLong ok = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        long deadline = System.nanoTime() + duration.toNanos();
        long t0 = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < concurrency; c++) {
            Thread t = new Thread(() -> {
                while (System.nanoTime() < deadline) {
                    long start = System.nanoTime();
                    Sent sent = send(ok, errors);
                    if (sent == Sent.INTERRUPTED) {
                        return;
                    }
                    if (sent == Sent.ANSWERED) { // as before: a request that failed to connect has no latency
                        hist.recordValue(Math.min(60_000_000L, Math.max(1, (System.nanoTime() - start) / 1000)));
                    }
                }
            }, "load-" + c);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new Result(label, ok.get() + errors.get(), ok.get(), errors.get(), seconds, hist);
    }

    /**
     * Against an already running bot or bare app: {@code WebhookLoad <url> <secret> open <rate> <seconds>} or
     * {@code WebhookLoad <url> <secret> closed <connections> <seconds>}.
     */
    public static void main(String[] args) throws Exception {
        WebhookLoad load = new WebhookLoad(args[0], args[1], Integer.getInteger("bench.groups", 5));
        int n = Integer.parseInt(args[3]);
        Duration d = Duration.ofSeconds(Long.parseLong(args[4]));
        Result r = args[2].equals("open") ? load.openLoop("open " + n + "/s", n, d) : load.closedLoop("closed " + n + " conn", n, d);
        System.out.println(Result.header());
        System.out.println(r.row());
    }
}
