package org.sanphalang.store;

import java.time.Clock;

/**
 * The store's parts as its configuration makes them, for plain tests of other features that use them outside an
 * application context (their constructors are the store's own).
 */
public final class StoreParts {

    private StoreParts() {
    }

    /** The hot queries as on the embedded store, which only this process writes. */
    public static EmbeddedQueries embeddedQueries() {
        return new EmbeddedQueries(true);
    }

    /** As {@link #embeddedQueries()}, telling when a lease held in memory runs out by the caller's clock. */
    public static EmbeddedQueries embeddedQueries(Clock clock) {
        return new EmbeddedQueries(true, clock);
    }

    /** Durable writes with nothing to commit (the memory backend, or a MongoDB that journals each write itself). */
    public static DurableWrites nothingToCommit() {
        return new DurableWrites(null);
    }
}
