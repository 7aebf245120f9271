package sanphalang.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

/**
 * The resident memory of a process from {@code /proc/<pid>/status} (VmRSS, VmHWM; {@code pid} "self" for this JVM),
 * and its highest VmRSS sampled every 250 ms, per phase: so the RSS under one load is told apart from the next.
 */
final class RssSampler {

    private final String pid;
    private final BooleanSupplier alive;
    private volatile long phaseMaxKb;
    private Thread sampler;

    RssSampler(String pid, BooleanSupplier alive) {
        this.pid = pid;
        this.alive = alive;
    }

    /** A /proc/&lt;pid&gt;/status field in kB; -1 where there is none (not Linux, the process gone). */
    static long statusKb(String pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", pid, "status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    long rssKb() {
        return statusKb(pid, "VmRSS");
    }

    /** Samples until {@link #stop()}; the first phase starts now. */
    RssSampler start() {
        phaseMaxKb = rssKb();
        sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted() && alive.getAsBoolean()) {
                phaseMaxKb = Math.max(phaseMaxKb, rssKb());
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "rss-sampler");
        sampler.setDaemon(true);
        sampler.start();
        return this;
    }

    void stop() throws InterruptedException {
        if (sampler != null) {
            sampler.interrupt();
            sampler.join();
        }
    }

    /** The largest RSS sampled since sampling started or since the last call (and now), and a new phase from now. */
    long endPhase() {
        long now = rssKb();
        long max = Math.max(phaseMaxKb, now);
        phaseMaxKb = now;
        return max;
    }
}
