package org.sanphalang.store;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.mongodb.core.query.Query;

/**
 * How many entries of a work collection (inbox, outbox) are open — waiting or in hand — for its backlog gauge.
 * <p>
 * On MongoDB, a count served by the collection's index. On the embedded store a count reads every entry and holds
 * the id of every match at once: under a 130,000-event backlog that was some 30 MB, taken again every 10 s, which
 * alone took the small-footprint set over its memory target in a drain (bench/RESULTS.md, sessions 16–17). The
 * embedded store has one writer, this process, so it keeps the number itself: counted in full once, then moved by
 * what this process opens and closes, and counted again every {@link #RECOUNT_EVERY} only up to {@link #EXACT_UP_TO}
 * (which holds at most that many ids). Whenever the backlog is under that bound the number is the count, so whatever this
 * process did not see — an entry put back or deleted by hand — is corrected there; above it, the number is kept and
 * never falls below what the bounded count found. A count during which this process opened or closed entries is not
 * taken: it may or may not have seen them, and the number kept has them.
 */
public final class OpenCount {

    /** Up to this many open entries, a count is exact. */
    static final int EXACT_UP_TO = 5_000;
    /**
     * How often the embedded store is counted again after the first count. Each count reads every entry kept (the
     * handled ones are stored before the open ones), and the number kept needs it only for changes made by hand.
     */
    static final Duration RECOUNT_EVERY = Duration.ofMinutes(5);

    private final EmbeddedQueries queries;
    private final MongoOperations mongo;
    private final Query open;
    private final String collection;
    private final int exactUpTo;
    private final long recountEveryNanos;
    private final AtomicLong known = new AtomicLong();
    /** Opens and closes so far, to tell whether any happened during a count. */
    private final AtomicLong changes = new AtomicLong();
    private volatile boolean counted;
    private volatile long lastCount;
    private volatile long countedAt;

    OpenCount(EmbeddedQueries queries, MongoOperations mongo, Query open, String collection, int exactUpTo, Duration recountEvery) {
        this.queries = queries;
        this.mongo = mongo;
        this.open = open;
        this.collection = collection;
        this.exactUpTo = exactUpTo;
        this.recountEveryNanos = recountEvery.toNanos();
    }

    /** Entries this process stored as open (new ones only, not redeliveries). */
    public void opened(long entries) {
        if (entries != 0) {
            known.addAndGet(entries);
            changes.incrementAndGet();
        }
    }

    /** Entries this process closed (handled, parked, sent, dead-lettered): only those its compare-and-set changed. */
    public void closed(long entries) {
        if (entries != 0) {
            known.addAndGet(-entries);
            changes.incrementAndGet();
        }
    }

    /**
     * Registers the backlog gauge: at each scrape {@link #current()} plus {@code beside} (say, events journaled but not
     * yet stored), and {@link #read()} in the background at most every {@link QueriedGauge#REFRESH}. On the embedded
     * store the gauge is then as current as the number this process keeps, not as old as the last count.
     */
    public void register(MeterRegistry meters, String name, String description, LongSupplier beside) {
        QueriedGauge.register(meters, name, description, () -> {
            read();
            return 0;
        }, () -> current() + beside.getAsLong());
    }

    /**
     * The number as it stands, without reading the store: on the embedded store the number kept (moved by every open and
     * close since the last read), on MongoDB the last count.
     */
    public long current() {
        return queries.embedded() ? Math.max(0, known.get()) : lastCount;
    }

    /**
     * Counts again and returns the number: on MongoDB at every call; on the embedded store in full the first time, then
     * up to the bound at most every {@link #RECOUNT_EVERY} (see the class comment).
     */
    public long read() {
        if (!queries.embedded()) {
            lastCount = queries.count(mongo, open, collection);
            return lastCount;
        }
        if (!counted) {
            // What happened since the start is in the count, unless it happened during it: those stay in the number.
            long sinceStart = known.get();
            long all = queries.count(mongo, open, collection);
            known.addAndGet(all - sinceStart);
            countedAt = System.nanoTime();
            counted = true;
            return current();
        }
        if (System.nanoTime() - countedAt < recountEveryNanos) {
            return current();
        }
        countedAt = System.nanoTime();
        long before = changes.get();
        long upTo = queries.countUpTo(mongo, open, collection, exactUpTo + 1);
        long kept = known.get();
        if (changes.get() != before) {
            return current();
        }
        long next = upTo <= exactUpTo ? upTo : Math.max(kept, upTo);
        // Not over a change made since the number was read: that change is in neither the count nor next.
        return known.compareAndSet(kept, next) ? next : current();
    }
}
