package org.sanphalang.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import de.bwaldvogel.mongo.MongoServer;
import org.bson.Document;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

/**
 * A read of the embedded store that is still walking its collection while the file's chunks are rewritten and the store
 * commits on finishes as it began: the chunks it still needs are not freed under it. The read is held in the middle by
 * the file system ({@link PausingFilePath}) while every chunk is rewritten and the store commits ten times; H2's
 * retention of old chunks is set to nothing, as it is for chunks older than 45 seconds in a running bot. Without the
 * version held, both fail with H2's "Chunk 1 not found" (seen in the webhook bench, session 24).
 */
class LongReadTest {

    static final int DOCUMENTS = 4_000;

    @TempDir
    Path folder;

    @Test
    void aFullScanOutlivingARewriteOfItsChunksFindsEveryDocument() throws Exception {
        List<Document> found = duringARewrite(items -> items.find(Filters.exists("pad")).into(new ArrayList<>()));

        assertThat(found).hasSize(DOCUMENTS).extracting(d -> d.get("_id")).doesNotHaveDuplicates();
    }

    @Test
    void anIndexBuiltWhileItsChunksAreRewrittenHoldsEveryDocument() throws Exception {
        List<Document> byIndex = duringARewrite(items -> {
            items.createIndex(Indexes.ascending("code"), new IndexOptions().unique(true));
            return items.find(Filters.gte("code", "")).hint(new Document("code", 1)).into(new ArrayList<>());
        });

        assertThat(byIndex).hasSize(DOCUMENTS).extracting(d -> d.get("_id")).doesNotHaveDuplicates();
    }

    /**
     * {@code read} on a collection of {@link #DOCUMENTS} documents (~6 MB, against a 1 MB page cache, so the read goes
     * to the file), held at its 20th read of the file while the whole file is rewritten and the store commits on.
     */
    private <T> T duringARewrite(Function<MongoCollection<Document>, T> read) throws Exception {
        EmbeddedH2Backend backend = new EmbeddedH2Backend(PausingFilePath.of(folder.resolve("store.mv")), DataSize.ofMegabytes(1),
                null);
        MVStore store = backend.getMvStore();
        store.setAutoCommitDelay(0); // this test commits; no background writer to be held by the pause
        store.setRetentionTime(0);
        MongoServer server = new MongoServer(backend);
        try (MongoClient client = MongoClients.create(server.bindAndGetConnectionString())) {
            MongoCollection<Document> items = client.getDatabase("t").getCollection("items");
            String pad = "x".repeat(1_600);
            for (int batch = 0; batch < DOCUMENTS / 1_000; batch++) {
                List<Document> docs = new ArrayList<>();
                for (int i = batch * 1_000; i < (batch + 1) * 1_000; i++) {
                    docs.add(new Document("_id", i).append("code", "code-" + i).append("pad", pad));
                }
                items.insertMany(docs);
                store.commit();
            }

            PausingFilePath.Pause pause = PausingFilePath.pauseReadBy(t -> t.getName().contains("server-worker"), 20);
            CompletableFuture<T> reading = CompletableFuture.supplyAsync(() -> read.apply(items));
            assertThat(pause.awaitHeld(Duration.ofSeconds(10))).as("the read went to the file").isTrue();
            try {
                assertThat(store.compact(100, Integer.MAX_VALUE)).as("chunks rewritten").isTrue();
                // Written to the store directly: a write through the driver could wait for the server thread the pause holds.
                var churn = store.<Integer, Integer>openMap("churn");
                for (int i = 0; i < 10; i++) {
                    churn.put(i, i);
                    store.commit();
                }
            } finally {
                pause.release();
            }
            return reading.get(30, TimeUnit.SECONDS);
        } finally {
            server.shutdownNow();
            backend.close();
        }
    }
}
