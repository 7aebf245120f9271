package sanphalang.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.linecorp.bot.messaging.model.TextMessage;
import org.sanphalang.SanphalangApplication;
import org.sanphalang.outbound.OutgoingMessage;
import org.sanphalang.outbound.Outbox;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Fan-out: {@code bench.messages} (10,000) group pushes through the real {@link Outbox} (embedded H2 store, temp
 * folder) to a {@link BenchStandIn} that enforces LINE's push rate limit ({@code bench.limit}, 2,000/s; 429 above
 * it) and LINE's retry-key semantics (409 for a key already accepted).
 * <p>
 * For each value of {@code bench.workers} (e.g. "4,16,32" = {@code sanphalang.outbound.workers}):
 * <ol>
 * <li>enqueue: the bot with no outbox workers; one thread calls {@code Outbox.enqueue} 10,000 times (each is an
 * insert + durable commit) — time to enqueue;</li>
 * <li>drain: the bot restarted on the same store with N workers; time from ready until the stand-in has accepted
 * all — achieved send rate vs the limit, 429s, 409s (a retry key seen again after acceptance), distinct keys.</li>
 * </ol>
 * Each is done {@code bench.drains} times (2) in this JVM, on a new store and stand-in: the JVM's first drain shares the CPU with the JIT
 * compiling the send path (a bot just started); the others are a bot whose code is compiled (one that has been running).
 * The bot runs in this JVM (start with -Xmx256m like the real one). Writes {@code <out>/fanout.md}.
 */
public final class FanoutBench {

    private static int cycles;

    public static void main(String[] args) throws Exception {
        Path out = Path.of(System.getProperty("bench.out", "bench/results"));
        int messages = Integer.getInteger("bench.messages", 10_000);
        double limit = Double.parseDouble(System.getProperty("bench.limit", "2000"));
        int timeout = Integer.getInteger("bench.timeoutSeconds", 120);
        int drains = Integer.getInteger("bench.drains", 2);
        Files.createDirectories(out);
        StringBuilder md = new StringBuilder("## Fan-out (" + java.time.Instant.now() + ")\n\n");
        md.append(messages).append(" group pushes (one text message each, distinct group ids and keys) stored by one `Outbox.enqueueAll`, as a broadcast to every group is; ")
                .append("stand-in push limit ").append((long) limit).append("/s (token bucket, 50 ms burst, 429 above), each push answered after ")
                .append(BenchStandIn.LATENCY_MS).append(" ms (LATENCY_MS; loopback otherwise). JVM heap: ")
                .append(Runtime.getRuntime().maxMemory() / 1024 / 1024).append(" MB.\n\n")
                .append("| outbox workers | drain | enqueue time (s) | enqueue rate (/s) | drain time from ready (s) | accepted | achieved send rate (/s) | vs limit | 429s | 409s (duplicate attempts) | distinct retry keys accepted | distinct recipients | CPU per push, drain (ms) |\n")
                .append("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (String w : System.getProperty("bench.workers", "4,16,32").split(",")) {
            int workers = Integer.parseInt(w.trim());
            // Several times in this JVM: the JVM's first drain runs while the JIT is still compiling the send path (a bot
            // just started); later ones are a bot that has been running (compiled code stays, the store is new each time).
            // On a slow machine C2 was still busy (0.2-0.35 of a core) in the second drain, hence DRAINS.
            for (int round = 0; round < drains; round++) {
                md.append(cycle(workers, messages, limit, timeout, cycles++ == 0 ? "JVM's first (JIT compiling)" : "JIT warm"));
            }
        }
        md.append("\nAchieved send rate = accepted pushes / time between the first and the last accepted push. CPU per push = CPU "
                + "time of this whole JVM (bot, stand-in, driver) from ready to the last accept, divided by the pushes accepted: "
                + "steadier than the rate on a VM whose speed drifts.\n");
        Files.writeString(out.resolve("fanout.md"), md.toString());
        System.out.println(md);
        System.exit(0);
    }

    /** Enqueues {@code messages} pushes with the bot's senders off, then restarts it with {@code workers} senders and times the drain. */
    private static String cycle(int workers, int messages, double limit, int timeout, String label) throws Exception {
        Path data = Files.createTempDirectory("sanphalang-bench-fanout");
        try (BenchStandIn line = BenchStandIn.start(0, limit)) {
            double enqueueSeconds;
            try (ConfigurableApplicationContext bot = start(line, data, 0)) {
                Outbox outbox = bot.getBean(Outbox.class);
                long t0 = System.nanoTime();
                // As a broadcast to every group enqueues them (Broadcasts.send): all at once.
                List<OutgoingMessage> pushes = new ArrayList<>(messages);
                for (int i = 0; i < messages; i++) {
                    pushes.add(OutgoingMessage.push("bench-fanout:" + i, "C%032x".formatted(0xfa000000L + i), "bench-fanout",
                            List.of(new TextMessage("ประกาศ: ประชุมกลุ่มวันศุกร์นี้ 09:00 น. (" + i + ")"))));
                }
                outbox.enqueueAll(pushes);
                enqueueSeconds = (System.nanoTime() - t0) / 1e9;
                System.out.printf("workers=%d: enqueued %d in %.1f s; outbox holds %d%n", workers, messages, enqueueSeconds,
                        bot.getBean(org.springframework.data.mongodb.core.MongoTemplate.class).getCollection("outbox").countDocuments());
            }
            long ready;
            long cpuAtReady;
            long cpuAtEnd;
            long deadline;
            try (ConfigurableApplicationContext bot = start(line, data, workers)) {
                ready = System.nanoTime();
                cpuAtReady = processCpuNanos();
                deadline = ready + timeout * 1_000_000_000L;
                while (line.accepted() < messages && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                cpuAtEnd = processCpuNanos();
                Thread.sleep(500); // late duplicates, if any, would show here
                org.springframework.data.mongodb.core.MongoTemplate mongo = bot.getBean(org.springframework.data.mongodb.core.MongoTemplate.class);
                for (String status : List.of("PENDING", "SENDING", "SENT", "DEAD")) {
                    System.out.printf("outbox %s: %d%n", status, mongo.getCollection("outbox").countDocuments(new org.bson.Document("status", status)));
                }
            }
            double drain = ((line.accepted() >= messages ? line.lastAcceptNanos() : System.nanoTime()) - ready) / 1e9;
            double rate = line.accepted() / Math.max(1e-9, line.acceptSpanSeconds());
            System.out.printf("workers=%d (%s): %s; drain %.1f s; rate %.0f/s%n", workers, label, line.stats(), drain, rate);
            return "| %d | %s | %.1f | %.0f | %s%.1f | %d | %.0f | %+.0f%% | %d | %d | %d | %d | %.2f |\n".formatted(workers, label, enqueueSeconds,
                    messages / enqueueSeconds, line.accepted() < messages ? "> " : "", drain, line.accepted(), rate,
                    (rate / limit - 1) * 100, line.rateLimited.get(), line.conflicts.get(), line.distinctAcceptedKeys(),
                    line.distinctRecipients(), (cpuAtEnd - cpuAtReady) / 1e6 / Math.max(1, line.accepted()));
        }
    }

    /** CPU time of this JVM, all threads: the bot, the stand-in and this driver share it. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static ConfigurableApplicationContext start(BenchStandIn line, Path data, int workers) {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--server.address=127.0.0.1",
                "--sanphalang.line.channel-secret=bench-secret", "--sanphalang.line.channel-token=bench-token",
                "--sanphalang.line.api-base-url=" + line.baseUrl(), "--sanphalang.line.data-api-base-url=" + line.baseUrl(),
                "--sanphalang.store.data-dir=" + data, "--sanphalang.store.backend=h2", "--sanphalang.store.database=sanphalang",
                "--sanphalang.admin.password=bench-admin-password",
                "--sanphalang.outbound.workers=" + workers, "--spring.main.banner-mode=off",
                "--logging.level.root=warn", "--logging.level.org.sanphalang=warn"));
        args.addAll(List.of(System.getProperty("bench.extraArgs", "").split(" ")).stream().filter(s -> !s.isBlank()).toList());
        return new SpringApplicationBuilder(SanphalangApplication.class).run(args.toArray(String[]::new));
    }
}
