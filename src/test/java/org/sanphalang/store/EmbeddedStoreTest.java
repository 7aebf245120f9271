package org.sanphalang.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

/** The embedded store opens its H2 file with the page cache its settings name (ops/jvm/small-footprint.args sets 4 MB). */
class EmbeddedStoreTest {

    @TempDir
    Path folder;

    @Test
    void opensItsFileWithThePageCacheTheSettingsName() {
        try (EmbeddedStore store = new EmbeddedStore(settings(DataSize.ofMegabytes(4)))) {
            assertThat(store.cacheMegabytes()).isEqualTo(4);
        }
    }

    @Test
    void aCacheSmallerThanOneMegabyteStillOpensWithOne() {
        try (EmbeddedStore store = new EmbeddedStore(settings(DataSize.ofKilobytes(100)))) {
            assertThat(store.cacheMegabytes()).isEqualTo(1);
        }
    }

    private StoreSettings settings(DataSize cache) {
        return new StoreSettings(null, folder, StoreSettings.Backend.H2, "sanphalang", Set.of("inbox"), cache);
    }
}
