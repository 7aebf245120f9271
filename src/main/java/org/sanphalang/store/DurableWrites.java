package org.sanphalang.store;

import com.mongodb.WriteConcern;

/**
 * The durability promise: after {@link #commit()} returns, every write acknowledged before it survives a
 * kill -9 of the application (and, on MongoDB, of a minority of the replica set).
 * <p>
 * On a real MongoDB the durable collections are written with majority + journal (see
 * {@link StoreConfiguration}) so {@code commit()} has nothing left to do; on the embedded H2 store it
 * forces the MVStore to write its pending version to the file.
 */
public class DurableWrites {

    static final WriteConcern MAJORITY_JOURNALED = WriteConcern.MAJORITY.withJournal(true);

    private final EmbeddedStore embedded;

    DurableWrites(EmbeddedStore embedded) {
        this.embedded = embedded;
    }

    /**
     * Whether the data lives in the embedded store rather than a real MongoDB. Modules ask before relying on
     * what only MongoDB has (TTL indexes, for one); the embedded store needs sweeps in code instead.
     */
    public boolean embedded() {
        return embedded != null;
    }

    /**
     * The folder of the embedded store's file, where a module may keep write-ahead files of its own: the same disk and
     * the same promise (they survive a kill -9 of the process) as the store itself. Empty on MongoDB, where several
     * instances share the data and a file on one of them would not be, and on the memory backend, which keeps nothing.
     */
    public java.util.Optional<java.nio.file.Path> localFolder() {
        return embedded == null ? java.util.Optional.empty() : java.util.Optional.ofNullable(embedded.fileFolder());
    }

    /**
     * The write concern for durable writes made on the driver's collections directly (bulk inserts), which the
     * template's resolver does not see: majority + journal on MongoDB; on the embedded store {@link #commit()} does it.
     */
    public WriteConcern writeConcern() {
        return embedded != null ? WriteConcern.ACKNOWLEDGED : MAJORITY_JOURNALED;
    }

    public void commit() {
        if (embedded != null) {
            embedded.commit();
        }
    }
}
