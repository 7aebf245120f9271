package org.sanphalang.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded store's backend keeps the stock H2 backend's file: what one wrote, the other finds by every unique
 * index, and both still refuse a duplicate key. A different key order would lose entries from the B-trees' view.
 */
class EmbeddedH2BackendTest {

    @TempDir
    Path folder;

    @Test
    void aFileWrittenByTheStockBackendIsSearchedRightlyByThisOneAndBack() {
        String file = folder.resolve("store.mv").toString();
        List<Object> ids = new ArrayList<>();
        withStore(new H2Backend(file), items -> {
            items.createIndex(Indexes.ascending("code"), new IndexOptions().unique(true));
            List<Document> docs = new ArrayList<>();
            for (int i = 0; i < 1_500; i++) {
                // string ids of many lengths and scripts, and ObjectIds: the keys the fast order handles
                Object id = i % 3 == 0 ? new ObjectId() : i % 3 == 1 ? "C" + Integer.toHexString(i * 7919) : "กลุ่ม-" + i + "\u0000" + "é".repeat(i % 5);
                ids.add(id);
                docs.add(new Document("_id", id).append("code", "code-" + (i * 31 % 1_500)));
            }
            items.insertMany(docs);
            return null;
        });

        withStore(new EmbeddedH2Backend(file), items -> {
            assertEveryKeyFound(items, ids);
            assertThatThrownBy(() -> items.insertOne(new Document("_id", ids.get(7))))
                    .isInstanceOf(MongoWriteException.class).hasMessageContaining("duplicate key");
            assertThatThrownBy(() -> items.insertOne(new Document("_id", "fresh").append("code", "code-42")))
                    .isInstanceOf(MongoWriteException.class).hasMessageContaining("duplicate key");
            for (int i = 0; i < 300; i++) {
                Object id = i % 2 == 0 ? new ObjectId() : "new-" + i;
                ids.add(id);
                items.insertOne(new Document("_id", id).append("code", "new-code-" + i));
            }
            assertEveryKeyFound(items, ids);
            return null;
        });

        withStore(new H2Backend(file), items -> {
            assertEveryKeyFound(items, ids);
            assertThat(items.countDocuments()).isEqualTo(1_800);
            return null;
        });
    }

    private static void assertEveryKeyFound(MongoCollection<Document> items, List<Object> ids) {
        for (Object id : ids) {
            Document found = items.find(new Document("_id", id)).first();
            assertThat(found).as("by _id %s", id).isNotNull();
            assertThat(items.find(new Document("code", found.getString("code"))).first()).as("by code of %s", id)
                    .extracting(d -> d.get("_id")).isEqualTo(id);
        }
    }

    private static void withStore(H2Backend backend, Function<MongoCollection<Document>, Void> work) {
        MongoServer server = new MongoServer(backend);
        try (MongoClient client = MongoClients.create("mongodb://" + server.bindAndGetConnectionString().substring("mongodb://".length()))) {
            work.apply(client.getDatabase("compat").getCollection("items"));
        } finally {
            backend.commit();
            server.shutdownNow();
        }
    }
}
