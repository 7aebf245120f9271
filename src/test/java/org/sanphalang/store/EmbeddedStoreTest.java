package org.sanphalang.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import org.bson.Document;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

/**
 * The embedded store opens its H2 file with the page cache and write buffer its settings name
 * (ops/jvm/small-footprint.args sets both small), and a small write buffer keeps unsaved changes small.
 */
class EmbeddedStoreTest {

    @TempDir
    Path folder;

    @Test
    void opensItsFileWithThePageCacheTheSettingsName() {
        try (EmbeddedStore store = new EmbeddedStore(settings(DataSize.ofMegabytes(4), null))) {
            assertThat(store.fileStore().getCacheSize()).isEqualTo(4);
        }
    }

    @Test
    void commitsOnItsOwnAfterTheDelayTheSettingsNameAndAfterH2sSecondByDefault() {
        try (EmbeddedStore store = new EmbeddedStore(settings(DataSize.ofMegabytes(1), null, Duration.ofMinutes(10)))) {
            assertThat(store.fileStore().getAutoCommitDelay()).isEqualTo(600_000);
        }
        StoreSettings unset = new Binder(new MapConfigurationPropertySource(Map.of("sanphalang.store.data-dir", folder.toString())))
                .bindOrCreate("sanphalang.store", StoreSettings.class);
        try (EmbeddedStore store = new EmbeddedStore(unset)) {
            assertThat(store.fileStore().getAutoCommitDelay()).isEqualTo(1_000);
        }
    }

    @Test
    void aCacheSmallerThanOneMegabyteStillOpensWithOne() {
        try (EmbeddedStore store = new EmbeddedStore(settings(DataSize.ofKilobytes(100), null))) {
            assertThat(store.fileStore().getCacheSize()).isEqualTo(1);
        }
    }

    @Test
    void withoutAWriteBufferSettingH2KeepsItsOwn() {
        int h2Default;
        MVStore plain = new MVStore.Builder().fileName(folder.resolve("plain.mv").toString()).open();
        try {
            h2Default = plain.getAutoCommitMemory();
        } finally {
            plain.close();
        }
        try (EmbeddedStore store = new EmbeddedStore(settings(DataSize.ofMegabytes(16), null))) {
            assertThat(store.fileStore().getAutoCommitMemory()).isEqualTo(h2Default).isGreaterThan(4 * 1024 * 1024);
        }
    }

    @Test
    void aSmallWriteBufferKeepsWhatIsNotYetInTheFileSmallWhileTheStoreIsWrittenFast() {
        try (EmbeddedStore store = new EmbeddedStore(settings(DataSize.ofMegabytes(16), DataSize.ofKilobytes(64)))) {
            MVStore file = store.fileStore();
            assertThat(file.getAutoCommitMemory()).isEqualTo(64 * 1024);
            // The background writer would save within a second anyway: a burst faster than that is what the buffer bounds.
            file.setAutoCommitDelay(0);
            int mostUnsaved = 0;
            try (MongoClient client = MongoClients.create(store.connectionString())) {
                MongoCollection<Document> inbox = client.getDatabase("sanphalang").getCollection("inbox");
                for (int batch = 0; batch < 20; batch++) {
                    List<Document> docs = new ArrayList<>();
                    for (int i = 0; i < 100; i++) {
                        docs.add(new Document("_id", "e-" + batch + "-" + i).append("text", "ผลิต ๒๐๐ ห่อ ".repeat(40)));
                    }
                    inbox.insertMany(docs);
                    mostUnsaved = Math.max(mostUnsaved, file.getUnsavedMemory());
                }
                assertThat(inbox.countDocuments()).isEqualTo(2_000);
            }
            // about 2.5 MB written; never more than a few times the 64 KB buffer held unsaved
            assertThat(mostUnsaved).isLessThan(512 * 1024);
        }
    }

    private StoreSettings settings(DataSize cache, DataSize writeBuffer) {
        return settings(cache, writeBuffer, null); // unset: H2's own
    }

    private StoreSettings settings(DataSize cache, DataSize writeBuffer, Duration autoCommitDelay) {
        return new StoreSettings(null, folder, StoreSettings.Backend.H2, "sanphalang", Set.of("inbox"), cache, writeBuffer,
                autoCommitDelay);
    }
}
