package org.sanphalang.store;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Where the data lives.
 *
 * @param uri                a real MongoDB ({@code MONGODB_URI}); blank means the embedded store
 * @param dataDir            folder of the embedded store's H2 file ({@code SANPHALANG_DATA_DIR})
 * @param backend            embedded backend: {@code h2} (durable file, the default) or {@code memory} (tests)
 * @param database           database name used on the embedded store, and on a real MongoDB whose URI names none
 * @param durableCollections collections whose acknowledged writes must survive a crash: written with
 *                           majority + journal on MongoDB, committed to disk at once on the embedded store
 * @param cacheSize          the embedded H2 store's page cache (in whole MiB, at least 1): pages read or written
 *                           lately stay in the heap, so it is part of the live heap the bot needs
 * @param writeBuffer        how much changed data the embedded H2 store may hold in the heap before it writes it to
 *                           its file on its own (H2's {@code autoCommitBufferSize}; unset: H2's default, about 19 MB on
 *                           this size of machine). Durability does not depend on it: acknowledged writes are committed
 *                           at once anyway. Smaller means a smaller heap while the store is written fast, and more writes
 * @param autoCommitDelay    how long the embedded H2 store's changes may wait before its background thread writes them
 *                           to its file (H2's {@code autoCommitDelay}; unset: H2's own, 1 s). Durability does not depend
 *                           on it either: what must survive a crash is committed at once. The crash tests lengthen it, so
 *                           that a write the bot forgets to commit is lost in their kill, as it could be in any crash
 */
@ConfigurationProperties("sanphalang.store")
public record StoreSettings(
        String uri,
        @DefaultValue("./data") Path dataDir,
        @DefaultValue("h2") Backend backend,
        @DefaultValue("sanphalang") String database,
        @DefaultValue({"inbox", "outbox", "outbox_state"}) Set<String> durableCollections,
        @DefaultValue("16MB") DataSize cacheSize,
        DataSize writeBuffer,
        Duration autoCommitDelay) {

    public enum Backend { H2, MEMORY }

    boolean embedded() {
        return uri == null || uri.isBlank();
    }
}
