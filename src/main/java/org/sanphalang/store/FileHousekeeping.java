package org.sanphalang.store;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Rewrites the half-empty chunks of the embedded store's H2 file — what H2's own background thread does every second,
 * switched off in {@link EmbeddedH2Backend} — but not while the {@link Foreground} is busy: at webhook saturation H2's
 * writer took 0.04–0.14 of a core rewriting, and with it off the bot's CPU per answered request was 18 % lower in
 * alternating runs (bench/RESULTS.md, session 15). A crowd that outlasts {@link #DEFER_AT_MOST} gets a pass anyway,
 * so the file cannot grow without bound. Space in chunks left wholly empty is reused at every commit either way.
 */
final class FileHousekeeping implements SmartLifecycle {

    /**
     * Chunks are rewritten once the file's chunks are under half full. H2's own housekeeping, busy with the store,
     * rewrote once those it may rewrite were under 62 % full. Over all chunks (the newest included), 81 % and then 60 %,
     * with H2's own amount per pass (its write buffer, ~19 MB), took 0.06–0.26 of a core at 500–1,000 webhooks a second,
     * where H2's writer had not shown (bench/RESULTS.md, session 15).
     */
    static final int TARGET_FILL_RATE = 50;
    /** Bytes a pass rewrites at most: small passes, once a second, rather than a large one now and then. */
    static final int PASS = 1 << 20;
    static final Duration EVERY = Duration.ofSeconds(1);
    static final Duration DEFER_AT_MOST = Duration.ofMinutes(1);

    private static final Logger log = LoggerFactory.getLogger(FileHousekeeping.class);

    private final MVStore file;
    private final Foreground foreground;
    private final LongSupplier nanoTime;
    private final Object lifecycle = new Object();
    private ScheduledExecutorService timer; // guarded by lifecycle
    private long lastPass; // guarded by this

    /** @param file the H2 store; null (memory backend, real MongoDB): nothing to keep */
    FileHousekeeping(MVStore file, Foreground foreground) {
        this(file, foreground, System::nanoTime);
    }

    FileHousekeeping(MVStore file, Foreground foreground, LongSupplier nanoTime) {
        this.file = file;
        this.foreground = foreground;
        this.nanoTime = nanoTime;
        this.lastPass = nanoTime.getAsLong();
    }

    /**
     * One pass, unless the foreground is busy and the last pass is recent: at most {@link #PASS} bytes of chunks
     * rewritten, nothing when the file is filled to the target already.
     *
     * @return whether it rewrote chunks
     */
    synchronized boolean tidy() {
        long now = nanoTime.getAsLong();
        if (file == null || file.isClosed() || foreground.busy() && now - lastPass < DEFER_AT_MOST.toNanos()) {
            return false;
        }
        lastPass = now;
        return file.compact(TARGET_FILL_RATE, PASS);
    }

    @Override
    public void start() {
        synchronized (lifecycle) {
            if (file == null || timer != null) {
                return;
            }
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "store-housekeeping");
                t.setDaemon(true);
                return t;
            });
            timer.scheduleWithFixedDelay(() -> {
                try {
                    tidy();
                } catch (RuntimeException e) {
                    log.warn("Could not compact the embedded store's file; trying again: {}", e.toString());
                }
            }, EVERY.toMillis(), EVERY.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Lets a pass finish, never interrupts it: an interrupt during a file write closes H2's file channel. */
    @Override
    public void stop() {
        synchronized (lifecycle) {
            if (timer == null) {
                return;
            }
            timer.shutdown();
            try {
                timer.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            timer = null;
        }
    }

    @Override
    public boolean isRunning() {
        synchronized (lifecycle) {
            return timer != null;
        }
    }
}
