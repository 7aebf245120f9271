package org.sanphalang.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MongoDB-compatible server that runs inside the process when no real MongoDB is configured.
 * It listens on a free loopback port, so the application (and the tests) use the real MongoDB driver.
 */
final class EmbeddedStore implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedStore.class);

    private final MongoBackend backend;
    private final MongoServer server;
    private final String connectionString;
    private final java.util.concurrent.atomic.AtomicLong requested = new java.util.concurrent.atomic.AtomicLong();
    private final Object commitLock = new Object();
    private long committed;
    private final java.nio.file.Path fileFolder;

    EmbeddedStore(StoreSettings settings) {
        this.fileFolder = settings.backend() == StoreSettings.Backend.H2 ? settings.dataDir().toAbsolutePath() : null;
        this.backend = switch (settings.backend()) {
            case MEMORY -> new MemoryBackend();
            case H2 -> new EmbeddedH2Backend(h2File(settings), settings.cacheSize(), settings.writeBuffer(),
                    settings.autoCommitDelay());
        };
        this.server = new MongoServer(backend);
        this.connectionString = server.bindAndGetConnectionString() + "/" + settings.database();
        log.info("Embedded store ({}) listening at {}", settings.backend(), connectionString);
    }

    private static String h2File(StoreSettings settings) {
        try {
            Files.createDirectories(settings.dataDir());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the data folder " + settings.dataDir(), e);
        }
        return settings.dataDir().resolve("sanphalang.mv").toAbsolutePath().toString();
    }

    /** The folder of the H2 file; null on the memory backend. */
    java.nio.file.Path fileFolder() {
        return fileFolder;
    }

    String connectionString() {
        return connectionString;
    }

    /** The H2 store behind the file, as opened; null on the memory backend. */
    org.h2.mvstore.MVStore fileStore() {
        return backend instanceof H2Backend h2 ? h2.getMvStore() : null;
    }

    /**
     * Writes everything acknowledged so far to the H2 file. The MVStore otherwise commits in the
     * background about once a second, so an acknowledged insert can be lost to a kill -9.
     * <p>
     * Group commit: a caller takes a ticket after its write; whoever gets the lock commits for every ticket
     * issued before the commit started, so callers waiting meanwhile find their write already on disk and return.
     * Under a burst of webhooks that is one file write for many requests instead of one each.
     */
    void commit() {
        if (!(backend instanceof H2Backend h2)) {
            return;
        }
        long ticket = requested.incrementAndGet();
        synchronized (commitLock) {
            if (committed >= ticket) {
                return;
            }
            long covered = requested.get();
            h2.commit();
            committed = covered;
        }
    }

    @Override
    public void close() {
        server.shutdownNow();
        backend.close();
    }
}
