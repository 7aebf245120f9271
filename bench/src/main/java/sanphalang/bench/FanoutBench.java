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
 * For each value of {@code bench.workers} (default "8", the bot's {@code sanphalang.outbound.workers}; 32 before session 29), {@code bench.drains}
 * (12) fan-outs, in one of two modes ({@code bench.mode}):
 * <ul>
 * <li>{@code running} (default): one bot, started once and kept running, as in production; each fan-out is one
 * {@code Outbox.enqueueAll} (as {@code Broadcasts.send} does) while the senders run, timed from its start until the
 * stand-in has accepted all; the stand-in's counts are reset between fan-outs, keys are distinct per fan-out;</li>
 * <li>{@code restart}: a backlog enqueued by the bot with no senders, then drained by the bot restarted on that store
 * (a new store and stand-in each time), timed from ready.</li>
 * </ul>
 * Reported per fan-out: time to enqueue, achieved send rate vs the limit, 429s, 409s (a retry key seen again after
 * acceptance), distinct keys and recipients, and the JVM's CPU per push with the JIT compiler's part of it. The first
 * fan-outs share the 2 cores with C2 compiling the send path (for ~70 s of load on a slow machine, session 12), so
 * the later ones are the bot that has been running.
 * The bot runs in this JVM (start with -Xmx256m like the real one). Writes {@code <out>/fanout.md}.
 */
public final class FanoutBench {

    private static int cycles;

    public static void main(String[] args) throws Exception {
        Path out = Path.of(System.getProperty("bench.out", "bench/results"));
        int messages = Integer.getInteger("bench.messages", 10_000);
        double limit = Double.parseDouble(System.getProperty("bench.limit", "2000"));
        int timeout = Integer.getInteger("bench.timeoutSeconds", 120);
        int drains = Integer.getInteger("bench.drains", 12);
        String mode = System.getProperty("bench.mode", "running");
        boolean ownJvm = "process".equals(mode);
        boolean running = !"restart".equals(mode);
        boolean card = "card".equals(System.getProperty("bench.message", "text"));
        boolean reply = "reply".equals(System.getProperty("bench.message", "text"));
        Files.createDirectories(out);
        StringBuilder md = new StringBuilder("## Fan-out (" + java.time.Instant.now() + ")\n\n");
        md.append(ownJvm ? "Mode `process`: the bot in a JVM of its own (JVM arguments below), kept running; each drain is a "
                        + "broadcast an officer sends to every registered group (`POST /api/v1/broadcasts`, HTTP Basic as admin: the groups read, "
                        + "the broadcast card rendered, the pushes stored by `Broadcasts.send`), timed from the request to the stand-in's last "
                        + "accept; the groups were written into the store before the bot started. CPU and RSS are the bot's alone; the stand-in "
                        + "runs in the harness's JVM on the same cores. "
                : running ? "Mode `running`: one bot per worker setting, kept running; each drain is a fan-out enqueued while its senders run "
                        + "(as `Broadcasts.send` does in a bot that has been up), the stand-in's counts reset between them. "
                : "Mode `restart`: each drain is a backlog enqueued with the senders off, then drained by the bot restarted on that store. ");
        if (reply) {
            md.append("MESSAGE=reply: each message is a reply to a group's message just received (a fresh token each; a reply "
                    + "refused or not sent within the reply window is pushed instead, under its retry key), answered by the stand-in "
                    + "after the same latency and under the same limit as a push: the accepted sends below are replies and pushes. ");
        }
        md.append(messages).append(" group pushes (").append(ownJvm || card ? "one Flex card" : "one text message")
                .append(" each, distinct group ids and keys) stored by ")
                .append(ownJvm ? "`Broadcasts.send`; " : "one `Outbox.enqueueAll`, as a broadcast to every group is; ")
                .append("stand-in push limit ").append((long) limit).append("/s (token bucket, 50 ms burst, 429 above), each push answered after ")
                .append(BenchStandIn.LATENCY_MS).append(" ms (LATENCY_MS; loopback otherwise). ").append(ownJvm ? "The harness's heap: " : "JVM heap: ")
                .append(Runtime.getRuntime().maxMemory() / 1024 / 1024).append(" MB; JVM arguments (JVM_ARGS): `")
                .append(ownJvm ? System.getProperty("bench.jvmArgs", "-Xmx256m") + "` (the bot's)"
                        : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                                .filter(arg -> !arg.startsWith("-Dbench.")).collect(java.util.stream.Collectors.joining(" ")) + "`")
                .append(".\n\n")
                .append("| outbox workers | drain | enqueue time (s) | enqueue rate (/s) | drain time (s) | accepted | achieved send rate (/s) | vs limit | 429s | first-try rate (/s) | retried tail (s) | 409s (duplicate attempts) | distinct retry keys accepted | distinct recipients | CPU per push, drain (ms) | of it the JIT compiler's (ms) | RSS peak (MB) |\n")
                .append("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (String w : System.getProperty("bench.workers", "8").split(",")) {
            int workers = Integer.parseInt(w.trim());
            // Several times in this JVM: the JVM's first drain runs while the JIT is still compiling the send path (a bot
            // just started); later ones are a bot that has been running (compiled code stays, the store is new each time).
            // On a slow machine C2 was still busy (0.2-0.35 of a core) in the second drain, hence DRAINS.
            if (ownJvm) {
                md.append(process(workers, messages, limit, timeout, drains, out));
                continue;
            }
            if (running) {
                md.append(running(workers, messages, limit, timeout, drains, card, reply));
                continue;
            }
            for (int round = 0; round < drains; round++) {
                md.append(cycle(workers, messages, limit, timeout, cycles++ == 0 ? "JVM's first (JIT compiling)" : "JIT warm"));
            }
        }
        if (!ownJvm) {
            md.append("\nVmHWM of this JVM at the end (its resident peak): ").append(RssSampler.statusKb("self", "VmHWM") / 1024).append(" MB.\n");
        }
        md.append("\nDrain time: from the enqueue's start (mode `running`) or from the restarted bot being ready (mode `restart`) to the last accept. ");
        md.append("Achieved send rate = accepted pushes / time between the first and the last accepted push. First-try rate: the "
                + "same for the pushes accepted at their first try, up to the last of them; retried tail: from then to the last accept "
                + "(pushes answered 429 and retried after their wait). CPU per push = CPU "
                + "time of the bot's JVM (mode `process`) or of this whole JVM (bot, stand-in, driver) from ready to the last accept, divided by the pushes accepted: "
                + "steadier than the rate on a VM whose speed drifts; the JIT compiler's part of it is its threads' CPU time (/proc). "
                + "RSS peak: the highest VmRSS sampled every 250 ms from the enqueue to the last accept (modes `running` and `process`) "
                + "or over the restarted bot's drain: the bot's own JVM in mode `process`; otherwise this JVM, an upper bound for "
                + "the bot's, as the stand-in and this driver (and the fan-out's 10,000 messages it built) live in the same process.\n");
        Files.writeString(out.resolve("fanout.md"), md.toString());
        System.out.println(md);
        System.exit(0);
    }

    /**
     * One bot with {@code workers} senders, started once; {@code drains} fan-outs of {@code messages} pushes each (distinct
     * keys per fan-out), each timed from its enqueue to the stand-in's last accept.
     */
    private static String running(int workers, int messages, double limit, int timeout, int drains, boolean card, boolean reply)
            throws Exception {
        Path data = BenchData.tempDir("sanphalang-bench-fanout");
        StringBuilder rows = new StringBuilder();
        try (BenchStandIn line = BenchStandIn.start(0, limit); ConfigurableApplicationContext bot = start(line, data, workers)) {
            Outbox outbox = bot.getBean(Outbox.class);
            org.springframework.data.mongodb.core.MongoTemplate mongo = bot.getBean(org.springframework.data.mongodb.core.MongoTemplate.class);
            for (int round = 0; round < drains; round++) {
                String label = cycles++ == 0 ? "JVM's first (JIT compiling)" : "JIT warm";
                line.reset();
                List<OutgoingMessage> pushes = card ? cardFanout(bot.getBean(org.sanphalang.flex.FlexTemplates.class), round, messages)
                        : reply ? replies(round, messages) : fanout(round, messages);
                long t0 = System.nanoTime();
                long cpuAtStart = processCpuNanos();
                long jitAtStart = compilerCpuNanos();
                RssSampler rss = new RssSampler("self", () -> true).start();
                outbox.enqueueAll(pushes);
                double enqueueSeconds = (System.nanoTime() - t0) / 1e9;
                long deadline = t0 + timeout * 1_000_000_000L;
                while (line.accepted() < messages && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                long cpuAtEnd = processCpuNanos();
                long jitAtEnd = compilerCpuNanos();
                rss.stop();
                long rssPeakKb = rss.endPhase();
                Thread.sleep(500); // late duplicates, if any, would show here
                System.out.printf("outbox after fan-out %d: %s%n", round, List.of("PENDING", "SENDING", "SENT", "DEAD").stream()
                        .map(st -> st + " " + streamedCount(mongo, st)).toList());
                rows.append(row(workers, label, enqueueSeconds, messages, line, t0, limit, cpuAtEnd - cpuAtStart, jitAtEnd - jitAtStart, rssPeakKb));
            }
        }
        return rows.toString();
    }

    /**
     * The bot in its own JVM ({@code bench.jvmArgs}) with {@code workers} senders, on a store holding {@code messages}
     * registered groups; {@code drains} broadcasts to all of them through the officer API, each timed from the request to
     * the stand-in's last accept, with the bot's CPU, its JIT compiler's part and its RSS peak over that time.
     */
    private static String process(int workers, int messages, double limit, int timeout, int drains, Path out) throws Exception {
        Path data = BenchData.tempDir("sanphalang-bench-fanout");
        BotStore.registerGroups(data, SummaryBench.groupIds(messages));
        List<String> jvmArgs = List.of(System.getProperty("bench.jvmArgs", "-Xmx256m").split(" "));
        StringBuilder rows = new StringBuilder();
        try (BenchStandIn line = BenchStandIn.start(0, limit)) {
            List<String> appArgs = new ArrayList<>(List.of("--sanphalang.line.channel-secret=bench-secret",
                    "--sanphalang.line.channel-token=bench-token", "--sanphalang.line.api-base-url=" + line.baseUrl(),
                    "--sanphalang.line.data-api-base-url=" + line.baseUrl(), "--sanphalang.store.data-dir=" + data,
                    "--sanphalang.admin.password=" + SummaryBench.PASSWORD, "--sanphalang.outbound.workers=" + workers,
                    SummaryBench.missedRuns(), "--logging.level.root=warn", "--logging.level.org.sanphalang=warn"));
            appArgs.addAll(List.of(System.getProperty("bench.extraArgs", "").split(" ")).stream().filter(a -> !a.isBlank()).toList());
            try (JvmProcess bot = JvmProcess.start(System.getProperty("bench.appCp"), "org.sanphalang.SanphalangApplication", jvmArgs,
                    appArgs, out.resolve("logs/fanout-bot-" + workers + ".log"))) {
                System.out.printf("bot up in %d ms, RSS %d MB%n", bot.startupMillis(), bot.rssKb() / 1024);
                java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
                String auth = "Basic " + java.util.Base64.getEncoder().encodeToString(
                        ("admin:" + SummaryBench.PASSWORD).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                bot.startSampling();
                List<String> harnessCpu = new ArrayList<>();
                for (int round = 0; round < drains; round++) {
                    String label = round == 0 ? "JVM's first (JIT compiling)" : "JIT warm";
                    line.reset();
                    bot.endPhase();
                    long t0 = System.nanoTime();
                    long cpuAtStart = bot.cpuMillis();
                    long harnessAtStart = processCpuNanos();
                    long jitAtStart = compilerCpuNanos(String.valueOf(bot.pid()));
                    var created = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(bot.url("/api/v1/broadcasts")))
                            .header("Authorization", auth).header("Content-Type", "application/json")
                            .timeout(java.time.Duration.ofSeconds(timeout))
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                                    "{\"title\":\"ประชุมกลุ่ม\",\"text\":\"ประชุมกลุ่มวันศุกร์นี้ 09:00 น. ที่ศาลาหมู่บ้าน (" + round + ")\"}"))
                            .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
                    double enqueueSeconds = (System.nanoTime() - t0) / 1e9;
                    if (created.statusCode() != 201 || !created.body().contains("\"recipients\":" + messages + ",")) {
                        throw new IllegalStateException("broadcast answered " + created.statusCode() + ": " + created.body());
                    }
                    long deadline = t0 + timeout * 1_000_000_000L;
                    while (line.accepted() < messages && System.nanoTime() < deadline) {
                        Thread.sleep(20);
                    }
                    long cpuNanos = (bot.cpuMillis() - cpuAtStart) * 1_000_000L;
                    harnessCpu.add("%.2f".formatted((processCpuNanos() - harnessAtStart) / 1e6 / Math.max(1, line.accepted())));
                    long jitNanos = compilerCpuNanos(String.valueOf(bot.pid())) - jitAtStart;
                    long rssPeakKb = bot.endPhase();
                    Thread.sleep(500); // late duplicates, if any, would show here
                    rows.append(row(workers, label, enqueueSeconds, messages, line, t0, limit, cpuNanos, jitNanos, rssPeakKb));
                }
                bot.stopSampling();
                rows.append("\nCPU per push of the harness's JVM (the stand-in answering, this driver polling) over the same times, drain by drain: ")
                        .append(String.join(" / ", harnessCpu)).append(" ms: the part of the 2 cores the bot did not have.\n");
                rows.append("\nThe bot's VmHWM at the end (its resident peak, start-up included): ").append(bot.statusKb("VmHWM") / 1024)
                        .append(" MB; started in ").append(bot.startupMillis()).append(" ms.\n\n");
            }
        }
        return rows.toString();
    }

    /**
     * Entries in that status, counted by streaming their ids: the embedded store's countDocuments holds every document
     * of the collection at once (an out-of-memory error at 80,000 entries with -Xmx256m).
     */
    private static long streamedCount(org.springframework.data.mongodb.core.MongoTemplate mongo, String status) {
        long n = 0;
        try (var ids = mongo.getCollection("outbox").find(new org.bson.Document("status", status))
                .projection(new org.bson.Document("_id", 1)).batchSize(5_000).iterator()) {
            for (; ids.hasNext(); ids.next()) {
                n++;
            }
        }
        return n;
    }

    /**
     * As {@link #fanout}, with the broadcast card an officer's broadcast sends ({@code MESSAGE=card}): the same path with
     * a ~2 KB entry instead of a ~0.5 KB one, to tell what the entry's size costs.
     */
    private static List<OutgoingMessage> cardFanout(org.sanphalang.flex.FlexTemplates flex, int round, int messages) {
        var card = flex.render("broadcast-card", java.util.Map.of("title", "ประชุมกลุ่ม", "body",
                "ประชุมกลุ่มวันศุกร์นี้ 09:00 น. ที่ศาลาหมู่บ้าน (" + round + ")", "sender", "admin", "date", "6 ธ.ค. 2569"));
        List<OutgoingMessage> pushes = new ArrayList<>(messages);
        for (int i = 0; i < messages; i++) {
            pushes.add(OutgoingMessage.push("bench-fanout:" + round + ":" + i, "C%032x".formatted(0xfa000000L + i), "broadcast",
                    List.<com.linecorp.bot.messaging.model.Message>of(card)));
        }
        return pushes;
    }

    /**
     * Replies to {@code messages} distinct groups' messages received just now ({@code MESSAGE=reply}): as many check-ins
     * confirmed at once; tokens and keys distinct per fan-out.
     */
    private static List<OutgoingMessage> replies(int round, int messages) {
        List<OutgoingMessage> replies = new ArrayList<>(messages);
        java.time.Instant received = java.time.Instant.now();
        for (int i = 0; i < messages; i++) {
            replies.add(OutgoingMessage.reply("bench-reply:" + round + ":" + i, "C%032x".formatted(0xfa000000L + i),
                    "bench-token-" + round + "-" + i, received, "bench-reply",
                    List.of(new TextMessage("บันทึกแล้ว: ผลิต 200 ห่อ ขายได้ 150 (" + i + ")"))));
        }
        return replies;
    }

    /** Pushes to {@code messages} distinct groups, one text each, keys distinct per fan-out. */
    private static List<OutgoingMessage> fanout(int round, int messages) {
        List<OutgoingMessage> pushes = new ArrayList<>(messages);
        for (int i = 0; i < messages; i++) {
            pushes.add(OutgoingMessage.push("bench-fanout:" + round + ":" + i, "C%032x".formatted(0xfa000000L + i), "bench-fanout",
                    List.of(new TextMessage("ประกาศ: ประชุมกลุ่มวันศุกร์นี้ 09:00 น. (" + i + ")"))));
        }
        return pushes;
    }

    private static String row(int workers, String label, double enqueueSeconds, int messages, BenchStandIn line, long from, double limit,
                              long cpuNanos, long jitNanos, long rssPeakKb) {
        double drain = ((line.accepted() >= messages ? line.lastAcceptNanos() : System.nanoTime()) - from) / 1e9;
        double rate = line.accepted() / Math.max(1e-9, line.acceptSpanSeconds());
        System.out.printf("workers=%d (%s): %s; drain %.1f s; rate %.0f/s%n", workers, label, line.stats(), drain, rate);
        return "| %d | %s | %.1f | %.0f | %s%.1f | %d | %.0f | %+.0f%% | %d | %.0f | %.2f | %d | %d | %d | %.2f | %.2f | %d |\n".formatted(workers, label, enqueueSeconds,
                messages / enqueueSeconds, line.accepted() < messages ? "> " : "", drain, line.accepted(), rate,
                (rate / limit - 1) * 100, line.rateLimited.get(), line.firstTryRate(), line.retriedTailSeconds(), line.conflicts.get(), line.distinctAcceptedKeys(),
                line.distinctRecipients(), cpuNanos / 1e6 / Math.max(1, line.accepted()), jitNanos / 1e6 / Math.max(1, line.accepted()),
                rssPeakKb / 1024);
    }

    /** Enqueues {@code messages} pushes with the bot's senders off, then restarts it with {@code workers} senders and times the drain. */
    private static String cycle(int workers, int messages, double limit, int timeout, String label) throws Exception {
        Path data = BenchData.tempDir("sanphalang-bench-fanout");
        try (BenchStandIn line = BenchStandIn.start(0, limit)) {
            double enqueueSeconds;
            try (ConfigurableApplicationContext bot = start(line, data, 0)) {
                Outbox outbox = bot.getBean(Outbox.class);
                long t0 = System.nanoTime();
                // As a broadcast to every group enqueues them (Broadcasts.send): all at once.
                outbox.enqueueAll(fanout(0, messages));
                enqueueSeconds = (System.nanoTime() - t0) / 1e9;
                System.out.printf("workers=%d: enqueued %d in %.1f s; outbox holds %d%n", workers, messages, enqueueSeconds,
                        bot.getBean(org.springframework.data.mongodb.core.MongoTemplate.class).getCollection("outbox").countDocuments());
            }
            long ready;
            long cpuAtReady;
            long cpuAtEnd;
            long jitAtReady;
            long jitAtEnd;
            long deadline;
            long rssPeakKb;
            try (ConfigurableApplicationContext bot = start(line, data, workers)) {
                RssSampler rss = new RssSampler("self", () -> true).start();
                ready = System.nanoTime();
                cpuAtReady = processCpuNanos();
                jitAtReady = compilerCpuNanos();
                deadline = ready + timeout * 1_000_000_000L;
                while (line.accepted() < messages && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                cpuAtEnd = processCpuNanos();
                jitAtEnd = compilerCpuNanos();
                rss.stop();
                rssPeakKb = rss.endPhase();
                Thread.sleep(500); // late duplicates, if any, would show here
                org.springframework.data.mongodb.core.MongoTemplate mongo = bot.getBean(org.springframework.data.mongodb.core.MongoTemplate.class);
                for (String status : List.of("PENDING", "SENDING", "SENT", "DEAD")) {
                    System.out.printf("outbox %s: %d%n", status, mongo.getCollection("outbox").countDocuments(new org.bson.Document("status", status)));
                }
            }
            return row(workers, label, enqueueSeconds, messages, line, ready, limit, cpuAtEnd - cpuAtReady, jitAtEnd - jitAtReady, rssPeakKb);
        }
    }

    /** CPU time of this JVM, all threads: the bot, the stand-in and this driver share it. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /**
     * CPU time of this JVM's JIT compiler threads ("C1/C2 CompilerThread", from /proc on Linux; 0 elsewhere): the part
     * of a fan-out's CPU that a bot which has been running for a while no longer spends.
     */
    static long compilerCpuNanos() {
        return compilerCpuNanos("self");
    }

    /** As {@link #compilerCpuNanos()}, for the JVM of process {@code pid}. */
    static long compilerCpuNanos(String pid) {
        long ticks = 0;
        java.io.File[] tasks = new java.io.File("/proc/" + pid + "/task").listFiles();
        for (java.io.File task : tasks == null ? new java.io.File[0] : tasks) {
            try {
                String stat = Files.readString(task.toPath().resolve("stat"));
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
                    String[] rest = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks += Long.parseLong(rest[11]) + Long.parseLong(rest[12]); // utime, stime
                }
            } catch (java.io.IOException | RuntimeException e) {
                // a thread that ended meanwhile
            }
        }
        return ticks * 10_000_000L; // USER_HZ is 100 on Linux
    }

    private static ConfigurableApplicationContext start(BenchStandIn line, Path data, int workers) {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--server.address=127.0.0.1",
                "--sanphalang.line.channel-secret=bench-secret", "--sanphalang.line.channel-token=bench-token",
                "--sanphalang.line.api-base-url=" + line.baseUrl(), "--sanphalang.line.data-api-base-url=" + line.baseUrl(),
                "--sanphalang.store.data-dir=" + data, "--sanphalang.store.backend=h2", "--sanphalang.store.database=sanphalang",
                "--sanphalang.admin.password=bench-admin-password", SummaryBench.missedRuns(),
                "--sanphalang.outbound.workers=" + workers, "--spring.main.banner-mode=off",
                "--logging.level.root=warn", "--logging.level.org.sanphalang=warn"));
        args.addAll(List.of(System.getProperty("bench.extraArgs", "").split(" ")).stream().filter(s -> !s.isBlank()).toList());
        return new SpringApplicationBuilder(SanphalangApplication.class).run(args.toArray(String[]::new));
    }
}
