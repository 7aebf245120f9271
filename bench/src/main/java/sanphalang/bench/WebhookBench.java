package sanphalang.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.springframework.util.FileSystemUtils;

/**
 * Webhook acceptance, start-up and memory: the bot (its own JVM, -Xmx256m, embedded H2 store in a temp folder,
 * inbox workers on, LINE calls to a local {@link BenchStandIn}) and, on the same JVM settings, the bare
 * signature-checking endpoint ({@code sanphalang.bench.bare.BareApp}) — the practical limit.
 * <p>
 * Per target: warm-up (open loop), the fixed rate (open loop), then saturation (closed loop). Writes
 * {@code <out>/webhook.md}. System properties: bench.appCp (runtime classpath of the bot), bench.bareCp,
 * bench.out, bench.rate (1000), bench.seconds (30), bench.warmup (10), bench.satSeconds (20),
 * bench.concurrency (16), bench.groups (5), bench.jvmArgs ("-Xmx256m"), bench.targets ("bot,bare"), bench.rounds (2: the
 * phases again in the same JVM; round 1 is a JVM just started, whose JIT is still compiling), bench.registered (0: how many
 * of the groups are registered before the bot starts — their messages, check-ins, are recorded and confirmed by a reply;
 * the others' are chatter of groups the bot does not serve, and it stays quiet).
 */
public final class WebhookBench {

    static final String SECRET = "bench-channel-secret-0123456789ab";

    public static void main(String[] args) throws Exception {
        String appCp = System.getProperty("bench.appCp");
        String bareCp = System.getProperty("bench.bareCp");
        Path out = Path.of(System.getProperty("bench.out", "bench/results"));
        int rate = Integer.getInteger("bench.rate", 1000);
        int seconds = Integer.getInteger("bench.seconds", 30);
        int warmup = Integer.getInteger("bench.warmup", 10);
        int satSeconds = Integer.getInteger("bench.satSeconds", 20);
        int concurrency = Integer.getInteger("bench.concurrency", 16);
        int groups = Integer.getInteger("bench.groups", 5);
        List<String> jvmArgs = List.of(System.getProperty("bench.jvmArgs", "-Xmx256m").split(" "));
        int rounds = Integer.getInteger("bench.rounds", 2);
        Files.createDirectories(out);
        Path data = BenchData.tempDir("sanphalang-bench-webhook");
        int registered = Math.min(groups, Integer.getInteger("bench.registered", 0));
        if (registered > 0) {
            BotStore.registerGroups(data, java.util.stream.IntStream.range(0, registered).mapToObj(WebhookLoad::groupId).toList());
        }

        StringBuilder md = new StringBuilder();
        md.append("## Webhook acceptance (").append(java.time.Instant.now()).append(")\n\n");
        md.append("JVM: `").append(String.join(" ", jvmArgs)).append("`; open loop ").append(rate).append(" events/s for ")
                .append(seconds).append(" s after ").append(warmup).append(" s warm-up at ").append(rate / 2)
                .append("/s; saturation: ").append(concurrency).append(" connections, closed loop, ").append(satSeconds)
                .append(" s; all of it ").append(rounds).append(" time(s) per JVM (rounds r1, r2, ...; the bot drains its inbox after each). One group text-message event per request, ").append(groups).append(" group ids, ")
                .append(registered).append(" of them registered (their messages are check-ins, each confirmed by a reply; the stand-in answers after ")
                .append(BenchStandIn.LATENCY_MS).append(" ms). Latency of the 200, ")
                .append("open loop measured from each request's intended send time.\n\n");
        List<String> rows = new ArrayList<>();
        List<String> memory = new ArrayList<>();
        List<String> phases = new ArrayList<>();
        List<String> cpuRows = new ArrayList<>();
        List<Double> appSats = new ArrayList<>();
        List<Double> bareSats = new ArrayList<>();
        try (BenchStandIn line = BenchStandIn.start(0, 0)) {
            List<String> appArgs = List.of("--sanphalang.line.channel-secret=" + SECRET, "--sanphalang.line.channel-token=bench-token",
                    "--sanphalang.line.api-base-url=" + line.baseUrl(), "--sanphalang.line.data-api-base-url=" + line.baseUrl(),
                    "--sanphalang.store.data-dir=" + data, "--sanphalang.admin.password=bench-admin-password",
                    SummaryBench.missedRuns());
            for (String target : System.getProperty("bench.targets", "bot,bare").split(",")) {
                boolean bot = target.equals("bot");
                System.out.println("== " + target);
                try (JvmProcess jvm = bot
                        ? JvmProcess.start(appCp, "org.sanphalang.SanphalangApplication", jvmArgs, appArgs, out.resolve("logs/webhook-bot.log"))
                        : JvmProcess.start(bareCp, "sanphalang.bench.bare.BareApp", jvmArgs,
                        List.of("--sanphalang.line.channel-secret=" + SECRET), out.resolve("logs/webhook-bare.log"))) {
                    long rssStart = jvm.rssKb();
                    Thread.sleep(3000);
                    long rssIdle = jvm.rssKb();
                    jvm.startSampling();
                    WebhookLoad load = new WebhookLoad(jvm.url("/callback"), SECRET, groups);
                    long acknowledged = 0; // events the JVM answered 200 for, every one new: all of them must be handled
                    for (int round = 1; round <= rounds; round++) {
                        // Round 1 is a JVM just started: on 2 shared cores the bot's C2 compiler was still busy (a third
                        // of a core) two minutes into the load, the bare endpoint's after seconds (bench/RESULTS.md,
                        // session 11). Later rounds are a JVM that has been running, as a bot in production has.
                        String tag = rounds == 1 ? target : target + " r" + round;
                        System.out.println("== " + tag);
                        double warmupFrom = jvm.uptimeSeconds();
                        WebhookLoad.Result w = load.openLoop(tag + " warm-up " + rate / 2 + "/s", rate / 2, Duration.ofSeconds(warmup));
                        System.out.println(w.row());
                        long rssWarmup = jvm.endPhase();
                        double fixedFrom = jvm.uptimeSeconds();
                        double handledBeforeFixed = bot ? number(metric(jvm, HANDLED)) : 0;
                        WebhookLoad.Result fixed = load.openLoop(tag + " " + rate + "/s open loop", rate, Duration.ofSeconds(seconds));
                        System.out.println(fixed.row());
                        long rssFixed = jvm.endPhase();
                        double satFrom = jvm.uptimeSeconds();
                        String backlogAfterFixed = bot ? metric(jvm, "sanphalang_inbox_backlog") : "-";
                        long cpuSat = jvm.cpuMillis();
                        double handledBeforeSat = bot ? number(metric(jvm, HANDLED)) : 0;
                        double handledInFixed = handledBeforeSat - handledBeforeFixed;
                        WebhookLoad.Result sat = load.closedLoop(tag + " saturation (" + concurrency + " conn)", concurrency,
                                Duration.ofSeconds(satSeconds));
                        cpuSat = jvm.cpuMillis() - cpuSat;
                        System.out.println(sat.row() + " JVM CPU " + cpuSat + " ms");
                        String errorKinds = load.takeErrorKinds();
                        if (!errorKinds.isEmpty()) {
                            System.out.println("errors in " + tag + ": " + errorKinds);
                            md.append("Errors in ").append(tag).append(" (warm-up, fixed rate, saturation): ").append(errorKinds).append("\n\n");
                        }
                        long rssSaturation = jvm.endPhase();
                        double satTo = jvm.uptimeSeconds();
                        acknowledged += w.ok() + fixed.ok() + sat.ok();
                        rows.add(fixed.row());
                        rows.add(sat.row());
                        cpuRows.add("| %s | %.3f |".formatted(tag, cpuSat / Math.max(1.0, sat.ok())));
                        (bot ? appSats : bareSats).add(sat.throughput());
                        String drain = "-";
                        String backlogAfterSat = "-";
                        String handled = "-";
                        String gaveWay = "-";
                        String rssDrain = "-";
                        if (bot) {
                            // Handling while the load lasts takes CPU from answering: how much of it there was.
                            double handledInSat = number(metric(jvm, HANDLED)) - handledBeforeSat;
                            backlogAfterSat = metric(jvm, "sanphalang_inbox_backlog");
                            gaveWay = "%s times, %s s in all".formatted(metric(jvm, "sanphalang_inbox_giving_way_seconds_count"),
                                    metric(jvm, "sanphalang_inbox_giving_way_seconds_sum"));
                            // The handled counter is exact and current; the backlog gauge was counted in the background
                            // (every 10 s) until session 17, and on MongoDB still is, so its deltas say little about the
                            // drain rate.
                            double handledAtStop = number(metric(jvm, HANDLED));
                            long cpu0 = jvm.cpuMillis();
                            long t0 = System.nanoTime();
                            long deadline = t0 + Duration.ofSeconds(120).toNanos();
                            // Drained once every acknowledged event is handled: the backlog gauge was counted every 10 s
                            // and could read 0 while thousands waited (it did, session 13).
                            while (System.nanoTime() < deadline && number(metric(jvm, HANDLED)) < acknowledged) {
                                Thread.sleep(500);
                            }
                            drain = number(metric(jvm, HANDLED)) >= acknowledged
                                    ? "%.1f s".formatted((System.nanoTime() - t0) / 1e9)
                                    : "> 120 s (%.0f not handled)".formatted(acknowledged - number(metric(jvm, HANDLED)));
                            // The drain is part of the run: the workers handling what the load left peaked higher than
                            // the load itself in every run sampled through (bench/RESULTS.md, session 9).
                            rssDrain = String.valueOf(jvm.endPhase() / 1024);
                            double handledSince = number(metric(jvm, HANDLED)) - handledAtStop;
                            handled = "%.0f in the %.0f s after the load (%.0f/s; bot CPU %.2f ms per event handled)".formatted(handledSince,
                                    (System.nanoTime() - t0) / 1e9, handledSince / ((System.nanoTime() - t0) / 1e9),
                                    (jvm.cpuMillis() - cpu0) / Math.max(1, handledSince));
                            System.out.println("gave way " + gaveWay + "; backlog after fixed " + backlogAfterFixed + ", after saturation " + backlogAfterSat
                                    + ", handled during saturation " + Math.round(handledInSat) + ", drained in " + drain + ", handled " + handled + "; stand-in: " + line.stats());
                            md.append("Bot inbox").append(rounds == 1 ? "" : " (round " + round + ")").append(": backlog after the fixed-rate run ")
                                    .append(backlogAfterFixed).append(", after saturation ").append(backlogAfterSat).append("; every acknowledged event handled ")
                                    .append(drain).append(" after the load stopped; events handled during the fixed-rate run: ")
                                    .append("%.0f (%.0f/s)".formatted(handledInFixed, handledInFixed / fixed.seconds()))
                                    .append(", during saturation: ")
                                    .append("%.0f (%.0f/s)".formatted(handledInSat, handledInSat / sat.seconds()))
                                    .append(", after it: ").append(handled)
                                    .append("; handling gave way to webhook requests ").append(gaveWay).append(" (counted since start); ")
                                    .append("the stand-in LINE API since the bot started: ").append(line.stats()).append(".\n\n");
                        } else if (round < rounds) {
                            Thread.sleep(5000); // the bot's round has a drain between rounds; the bare endpoint rests instead
                        }
                        // For a GC log with uptime stamps: which collections fell in which phase.
                        phases.add("| %s | %.1f | %.1f | %.1f | %.1f | %.1f |".formatted(tag, warmupFrom, fixedFrom, satFrom, satTo,
                                jvm.uptimeSeconds()));
                        memory.add("| %s | %s | %s | %s | %d | %d | %d | %s | %s |".formatted(tag,
                                round == 1 ? String.valueOf(jvm.startupMillis()) : "-", round == 1 ? String.valueOf(rssStart / 1024) : "-",
                                round == 1 ? String.valueOf(rssIdle / 1024) : "-", rssWarmup / 1024, rssFixed / 1024, rssSaturation / 1024,
                                rssDrain, round == rounds ? String.valueOf(jvm.statusKb("VmHWM") / 1024) : "-"));
                    }
                    jvm.stopSampling();
                    if (bot) {
                        // The store's file keeps the space that writes within H2's retention time left behind (it is
                        // reused, not given back while the bot runs): what a burst like this one asks of the disk.
                        double journal = megabytes(data.resolve("inbox-journal"));
                        String onDisk = "Embedded store on disk after the last round, the bot still running: %.0f MB (journal folder %.0f MB).\n\n"
                                .formatted(megabytes(data) - journal, journal);
                        System.out.print(onDisk);
                        md.append(onDisk);
                    }
                }
            }
        } finally {
            FileSystemUtils.deleteRecursively(data); // ~1 GB per run
        }
        md.append(WebhookLoad.Result.header()).append('\n');
        rows.forEach(r -> md.append(r).append('\n'));
        for (int r = 0; r < Math.min(appSats.size(), bareSats.size()); r++) {
            md.append("\nSaturation throughput, bot / bare%s: **%.2f** (%.0f / %.0f req/s).".formatted(rounds == 1 ? "" : ", round " + (r + 1),
                    appSats.get(r) / bareSats.get(r), appSats.get(r), bareSats.get(r)));
        }
        md.append("\n\n| saturation run | JVM CPU per answered request (ms) |\n| --- | ---: |\n");
        cpuRows.forEach(r -> md.append(r).append('\n'));
        md.append('\n');
        md.append("| JVM | start-up to health UP (ms) | RSS at healthy (MB) | RSS idle +3 s (MB) | max RSS, warm-up at half rate (MB) "
                + "| max RSS at the fixed rate (MB) | max RSS at saturation (MB) | max RSS, inbox drain after the load (MB) | VmHWM (MB) |\n");
        md.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        memory.forEach(r -> md.append(r).append('\n'));
        md.append("\nMax RSS per phase: sampled every 250 ms; each phase's maximum starts from the RSS the phase before it left.\n");
        md.append("\n| JVM | warm-up from (s) | fixed rate from | saturation from | saturation to | drain / rest to |\n")
                .append("| --- | ---: | ---: | ---: | ---: | ---: |\n");
        phases.forEach(r -> md.append(r).append('\n'));
        md.append("\nPhases in seconds since the JVM was launched (its GC log's uptime, within milliseconds).\n");
        Files.writeString(out.resolve("webhook.md"), md.toString());
        System.out.println(md);
    }

    static double megabytes(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum() / 1048576.0;
        }
    }

    static final String HANDLED = "sanphalang_inbox_handled_total{outcome=\"done\"}";

    static double number(String metric) {
        try {
            return Double.parseDouble(metric);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    static String metric(JvmProcess jvm, String name) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(jvm.url("/actuator/prometheus")))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            for (String line : r.body().split("\n")) {
                if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                    Matcher m = Pattern.compile("\\s([0-9.eE+-]+)$").matcher(line);
                    if (m.find()) {
                        return m.group(1);
                    }
                }
            }
            return "?";
        } catch (Exception e) {
            return "? (" + e.getClass().getSimpleName() + ")";
        }
    }
}
