package sanphalang.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A Spring Boot application in a JVM of its own, on 127.0.0.1: start-up time to {@code /actuator/health} UP,
 * and its resident memory (VmRSS / VmHWM from /proc/&lt;pid&gt;/status).
 */
public final class JvmProcess implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path log;
    private long startupMillis;
    private long launchedAt;
    private final RssSampler rss;

    private JvmProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.rss = new RssSampler(String.valueOf(process.pid()), process::isAlive);
    }

    /**
     * @param classpath the runtime classpath of the application
     * @param args      application arguments (--key=value); --server.port is added
     */
    public static JvmProcess start(String classpath, String mainClass, List<String> jvmArgs, List<String> args, Path log)
            throws IOException, InterruptedException {
        int port = freePort();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(classpath);
        command.add(mainClass);
        command.add("--server.port=" + port);
        command.add("--server.address=127.0.0.1");
        command.addAll(args);
        Files.createDirectories(log.getParent());
        long t0 = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile())).start();
        JvmProcess jvm = new JvmProcess(process, port, log);
        jvm.launchedAt = t0;
        jvm.awaitHealthy(Duration.ofSeconds(120));
        jvm.startupMillis = (System.nanoTime() - t0) / 1_000_000;
        return jvm;
    }

    private void awaitHealthy(Duration timeout) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The application exited during start; see " + log);
            }
            try {
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(url("/actuator/health")))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200 && health.body().contains("UP")) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("Not healthy within " + timeout + "; see " + log);
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    public long pid() {
        return process.pid();
    }

    /**
     * Seconds since the JVM was launched: within a few milliseconds the uptime its GC log ({@code -Xlog:gc:...:uptime})
     * stamps, so a collection can be put in the phase it stopped.
     */
    public double uptimeSeconds() {
        return (System.nanoTime() - launchedAt) / 1e9;
    }

    public long startupMillis() {
        return startupMillis;
    }

    /** CPU time the process has used, all threads (utime + stime from /proc/&lt;pid&gt;/stat, in clock ticks of 10 ms). */
    public long cpuMillis() {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(process.pid()), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** A /proc/&lt;pid&gt;/status field in kB (VmRSS, VmHWM). */
    public long statusKb(String field) {
        return RssSampler.statusKb(String.valueOf(process.pid()), field);
    }

    public long rssKb() {
        return rss.rssKb();
    }

    /** Samples VmRSS every 250 ms until {@link #stopSampling()}; see {@link #endPhase()}. */
    public void startSampling() {
        rss.start();
    }

    public void stopSampling() throws InterruptedException {
        rss.stop();
    }

    /**
     * The largest RSS sampled since sampling started or since the last call, and a new phase from now: so the RSS at
     * the target load (1,000 events/s) is told apart from the RSS under the overload that follows it.
     */
    public long endPhase() {
        return rss.endPhase();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
