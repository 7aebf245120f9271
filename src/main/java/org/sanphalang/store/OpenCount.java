package org.sanphalang.store;

import java.util.concurrent.atomic.AtomicLong;

import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.mongodb.core.query.Query;

/**
 * How many entries of a work collection (inbox, outbox) are open — waiting or in hand — for its backlog gauge.
 * <p>
 * On MongoDB, a count served by the collection's index. On the embedded store a count reads every entry and holds
 * the id of every match at once: under a 130,000-event backlog that was some 30 MB, taken again every 10 s, which
 * alone took the small-footprint set over its memory target in a drain (bench/RESULTS.md, sessions 16–17). The
 * embedded store has one writer, this process, so it keeps the number itself: counted in full once, then moved by
 * what this process opens and closes, and counted again at each read only up to {@link #EXACT_UP_TO} (which holds
 * at most that many ids). Whenever the backlog is under that bound the number is the count, so whatever this
 * process did not see — an entry put back or deleted by hand, an insert racing a count — is corrected there; above
 * it, the number is kept and never falls below what the bounded count found.
 */
public final class OpenCount {

    /** Up to this many open entries, every read is an exact count. */
    static final int EXACT_UP_TO = 5_000;

    private final EmbeddedQueries queries;
    private final MongoOperations mongo;
    private final Query open;
    private final String collection;
    private final int exactUpTo;
    private final AtomicLong known = new AtomicLong();
    private volatile boolean counted;

    OpenCount(EmbeddedQueries queries, MongoOperations mongo, Query open, String collection, int exactUpTo) {
        this.queries = queries;
        this.mongo = mongo;
        this.open = open;
        this.collection = collection;
        this.exactUpTo = exactUpTo;
    }

    /** Entries this process stored as open (new ones only, not redeliveries). */
    public void opened(long entries) {
        known.addAndGet(entries);
    }

    /** Entries this process closed (handled, parked, sent, dead-lettered): only those its compare-and-set changed. */
    public void closed(long entries) {
        known.addAndGet(-entries);
    }

    /** The number of open entries: read by the gauge (in the background, at most every {@link QueriedGauge#REFRESH}). */
    public long read() {
        if (!queries.embedded()) {
            return queries.count(mongo, open, collection);
        }
        if (!counted) {
            long all = queries.count(mongo, open, collection);
            known.set(all);
            counted = true;
            return all;
        }
        long upTo = queries.countUpTo(mongo, open, collection, exactUpTo + 1);
        if (upTo <= exactUpTo) {
            known.set(upTo);
            return upTo;
        }
        return known.accumulateAndGet(upTo, Math::max);
    }
}
