package org.sanphalang.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.util.Date;

import org.bson.BsonTimestamp;
import org.bson.Document;
import org.bson.types.Binary;
import org.bson.types.Decimal128;
import org.bson.types.MaxKey;
import org.bson.types.MinKey;
import org.bson.types.ObjectId;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

/**
 * The embedded store's backend opens a file the stock H2 backend wrote: it finds every entry by every unique index
 * (a different key order would lose entries from the B-trees' view), refuses a duplicate key, and changes old
 * documents; and what it writes as BSON comes back as stored.
 */
class EmbeddedH2BackendTest {

    @TempDir
    Path folder;

    @Test
    void aFileWrittenByTheStockBackendIsSearchedAndChangedRightlyByThisOne() {
        String file = folder.resolve("store.mv").toString();
        List<Object> ids = new ArrayList<>();
        // The stock backend without its background writer: its key type races with that thread when one map holds
        // keys of two types, as this one does (StoredKeyOrderTest) — a failure of the stock backend, not of the file.
        withStore(new H2Backend(new MVStore.Builder().fileName(file).autoCommitDisabled().open()), items -> {
            items.createIndex(Indexes.ascending("code"), new IndexOptions().unique(true));
            List<Document> docs = new ArrayList<>();
            for (int i = 0; i < 1_500; i++) {
                // string ids of many lengths and scripts, and ObjectIds: the keys the fast order handles
                Object id = i % 3 == 0 ? new ObjectId() : i % 3 == 1 ? "C" + Integer.toHexString(i * 7919) : "กลุ่ม-" + i + "\u0000" + "é".repeat(i % 5);
                ids.add(id);
                docs.add(new Document("_id", id).append("code", "code-" + (i * 31 % 1_500)).append("n", i));
            }
            items.insertMany(docs);
            return null;
        });

        withStore(backend(file), items -> {
            assertEveryKeyFound(items, ids);
            assertThatThrownBy(() -> items.insertOne(new Document("_id", ids.get(7))))
                    .isInstanceOf(MongoWriteException.class).hasMessageContaining("duplicate key");
            assertThatThrownBy(() -> items.insertOne(new Document("_id", "fresh").append("code", "code-42")))
                    .isInstanceOf(MongoWriteException.class).hasMessageContaining("duplicate key");
            // pages holding old (Java-serialised) and new (BSON) documents side by side
            items.updateMany(new Document("n", new Document("$mod", List.of(2, 0))), new Document("$inc", new Document("n", 10_000)));
            for (int i = 0; i < 300; i++) {
                Object id = i % 2 == 0 ? new ObjectId() : "new-" + i;
                ids.add(id);
                items.insertOne(new Document("_id", id).append("code", "new-code-" + i).append("n", 20_000 + i));
            }
            assertEveryKeyFound(items, ids);
            return null;
        });

        withStore(backend(file), items -> {
            assertEveryKeyFound(items, ids);
            assertThat(items.countDocuments()).isEqualTo(1_800);
            assertThat(items.countDocuments(new Document("n", new Document("$gte", 10_000).append("$lt", 20_000)))).isEqualTo(750);
            return null;
        });
    }

    @Test
    void refusesEveryDuplicateKeyAsTheStockBackendDoes() throws IOException {
        // Its unique indexes are its own (on maps with its key order; the stock index's constructor is not public):
        // every way a key can come twice is refused with the stock backend's words, and leaves what the stock one leaves.
        Function<MongoCollection<Document>, Void> seed = items -> {
            items.insertOne(new Document("_id", "a").append("code", 1).append("tags", List.of("x", "y")));
            items.insertOne(new Document("_id", "b").append("code", 2L).append("tags", List.of("z")));
            items.insertOne(new Document("_id", "c").append("code", 1.0).append("tags", List.of()));
            return null;
        };
        List<String> stock = new ArrayList<>();
        // One file name, in two folders: one collection name in the errors (the collection is named after the file).
        String stockFile = Files.createDirectories(folder.resolve("stock")).resolve("store.mv").toString();
        withStore(new H2Backend(new MVStore.Builder().fileName(stockFile).autoCommitDisabled().open()), items -> {
            seed.apply(items);
            stock.addAll(refusals(items));
            return null;
        });
        List<String> embedded = new ArrayList<>();
        withStore(backend(Files.createDirectories(folder.resolve("embedded")).resolve("store.mv").toString()), items -> {
            seed.apply(items);
            embedded.addAll(refusals(items));
            return null;
        });
        assertThat(embedded).isEqualTo(stock);
        assertThat(embedded.stream().filter(line -> line.contains("E11000 duplicate key"))).hasSize(9);
    }

    /** Each way a key can come twice, and what the collection holds after it: one line each. */
    private static List<String> refusals(MongoCollection<Document> items) {
        List<String> seen = new ArrayList<>();
        List<Runnable> steps = List.of(
                // an index built on documents that share a value (1 and 1.0 are one value to an index)
                () -> items.createIndex(Indexes.ascending("code"), new IndexOptions().unique(true)),
                () -> items.deleteOne(new Document("_id", "c")),
                () -> items.createIndex(Indexes.ascending("code"), new IndexOptions().unique(true)),
                () -> items.createIndex(Indexes.ascending("tags"), new IndexOptions().unique(true).sparse(true)),
                () -> items.insertOne(new Document("_id", "a")),
                () -> items.insertOne(new Document("_id", "d").append("code", 2)),
                () -> items.insertOne(new Document("_id", "e").append("code", 5).append("tags", List.of("q", "y"))),
                () -> items.insertMany(List.of(new Document("_id", "f").append("code", 6), new Document("_id", "f").append("code", 7))),
                () -> items.updateOne(new Document("_id", "b"), new Document("$set", new Document("code", 1))),
                () -> items.updateOne(new Document("_id", "b"), new Document("$set", new Document("code", 3).append("tags", List.of("w")))),
                () -> items.insertOne(new Document("_id", "g").append("code", 8)),
                // updates that leave the indexed fields as they were (not checked against the indexes), then the
                // values updates did free, and did not
                () -> items.updateOne(new Document("_id", "b"), new Document("$set", new Document("note", "n").append("code", 3))),
                () -> items.updateOne(new Document("_id", "a"), new Document("$set", new Document("tags", List.of("x", "y")))),
                () -> items.insertOne(new Document("_id", "h").append("code", 2)),
                () -> items.updateOne(new Document("_id", "g"), new Document("$unset", new Document("code", ""))),
                () -> items.insertOne(new Document("_id", "i").append("code", 8)),
                () -> items.updateOne(new Document("_id", "a"), new Document("$set", new Document("tags", List.of("y", "x")))),
                () -> items.insertOne(new Document("_id", "j").append("code", 9).append("tags", List.of("x"))),
                () -> items.insertOne(new Document("_id", "k").append("code", 10).append("tags", List.of("w"))),
                () -> items.replaceOne(new Document("_id", "i"), new Document("code", 8).append("note", "replaced")),
                () -> items.insertOne(new Document("_id", "l").append("code", 3)));
        for (Runnable step : steps) {
            String outcome;
            try {
                step.run();
                outcome = "done";
            } catch (RuntimeException refused) {
                outcome = refused.getClass().getSimpleName() + ": " + refused.getMessage()
                        .replaceAll("127\\.0\\.0\\.1:\\d+", "<server>")
                        .replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "<uuid>");
            }
            List<String> held = new ArrayList<>();
            items.find().sort(new Document("_id", 1)).forEach(document -> held.add(document.toJson()));
            seen.add(outcome + " -> " + held);
        }
        return seen;
    }

    @Test
    void documentsComeBackFromTheFileAsTheyWereStoredWhateverTheirTypes() {
        String file = folder.resolve("types.mv").toString();
        Document stored = new Document("_id", "ทุกชนิด")
                .append("text", "ผลิต ๒๐๐ ห่อ ขายได้ ๑๕๐ ได้เงิน ๓,๗๕๐ บาท 🍌 \u0000 $where")
                .append("int", 42).append("long", 1L << 40).append("double", -0.5).append("decimal", Decimal128.parse("3750.25"))
                .append("yes", true).append("nothing", null).append("when", new Date(1_764_000_000_000L))
                .append("oid", new ObjectId("65a1f0c2e4b0a1b2c3d4e5f6")).append("bytes", new Binary(new byte[] {0, 1, -1, 127}))
                .append("nested", new Document("a", List.of(1, "two", new Document("three", 3.0))).append("empty", new Document()))
                .append("list", List.of()).append("stamp", new BsonTimestamp(1_764_000_000, 7))
                .append("min", new MinKey()).append("max", new MaxKey());
        withStore(backend(file), items -> {
            items.insertOne(stored);
            return null;
        });

        withStore(backend(file), items -> {
            assertThat(items.find(new Document("_id", "ทุกชนิด")).first()).isEqualTo(stored);
            return null;
        });
        // Written as BSON: the stock value type cannot read it (the format is one-way; the class comment says so).
        try (MVStore raw = MVStore.open(file)) {
            assertThatThrownBy(() -> raw.openMap("databases.compat.types").get("ทุกชนิด"))
                    .isInstanceOf(RuntimeException.class).hasMessageContaining("Unknown tag 126");
        }
        try (MVStore raw = MVStore.open(file)) {
            MVMap<Object, Object> data = raw.openMap("databases.compat.types", new MVMap.Builder<>().valueType(new StoredDocumentType()));
            assertThat(data.get("ทุกชนิด")).isInstanceOf(de.bwaldvogel.mongo.bson.Document.class);
        }
    }

    @Test
    void keepsNoMorePagesInTheHeapThanItsCacheSettingAllowsAndStillFindsEveryDocument() {
        String file = folder.resolve("store.mv").toString();
        EmbeddedH2Backend backend = new EmbeddedH2Backend(file, DataSize.ofMegabytes(1), null);
        assertThat(backend.getMvStore().getCacheSize()).isEqualTo(1);
        List<Object> ids = new ArrayList<>();
        withStore(backend, items -> {
            items.createIndex(Indexes.ascending("code"), new IndexOptions().unique(true));
            List<Document> docs = new ArrayList<>();
            for (int i = 0; i < 3_000; i++) {
                ids.add("e-" + i);
                // about 2 MB of documents in all: twice what the cache may hold
                docs.add(new Document("_id", "e-" + i).append("code", "c-" + i).append("text", "ผลิต ๒๐๐ ห่อ ".repeat(20)));
            }
            items.insertMany(docs);
            assertThat(backend.getMvStore().getCacheSizeUsed()).isLessThanOrEqualTo(1);
            assertEveryKeyFound(items, ids);
            return null;
        });
    }

    @Test
    void aSmallCacheKeepsTheIndexPagesABroadcastSettlesAgainst() {
        // A broadcast's entries are inserted, then settled by _id a batch at a time. H2 counted each index key at a
        // per-thread average starting at 10,000 bytes: it split the _id index down to a key or so a leaf, and a 1 MB
        // cache let those pages go between the insert and the settle, to read them back for nearly every batch: here
        // 22,840 page reads for the settles where there are now ~5,400 (bench/RESULTS.md, sessions 26-27). Each write
        // is committed, as the bot's are: left to H2's writer, which commits once a second, the count followed its
        // timing (2 to 4,132 in runs of the same code).
        String file = folder.resolve("store.mv").toString();
        EmbeddedH2Backend backend = new EmbeddedH2Backend(file, DataSize.ofMegabytes(1), null);
        withStore(backend, outbox -> {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 10_000; i++) {
                ids.add("broadcast:6f1c2b9e-1d4a-4c1e-9d7e-3f5a2b8c9d0e:C%032x".formatted(0xfa000000L + i));
            }
            for (int i = 0; i < ids.size(); i += 500) {
                outbox.insertMany(ids.subList(i, i + 500).stream()
                        .map(id -> new Document("_id", id).append("status", "PENDING").append("contentId", "card-1")).toList());
                backend.commit(); // as the bot commits what it must not lose (DurableWrites); else H2 commits once a second
            }
            long before = backend.getMvStore().getFileStore().getReadCount();
            for (int i = 0; i < ids.size(); i += 100) {
                outbox.updateMany(new Document("_id", new Document("$in", ids.subList(i, i + 100))),
                        new Document("$set", new Document("status", "SENT")));
                backend.commit();
            }
            long reads = backend.getMvStore().getFileStore().getReadCount() - before;
            assertThat(outbox.countDocuments(new Document("status", "SENT"))).isEqualTo(10_000);
            assertThat(reads).as("pages read back to settle 10,000 entries").isLessThan(10_000);
            int[] leavesAndKeys = leavesAndKeys(backend.getMvStore().openMap("compat." + file(backend) + "._index__id_").getRootPage());
            assertThat(leavesAndKeys[1]).isEqualTo(10_000);
            assertThat(leavesAndKeys[1] / leavesAndKeys[0]).as("keys a leaf of the _id index (one, as H2 counted them)").isGreaterThanOrEqualTo(3);
            return null;
        });
    }

    @Test
    void keepsNoRunningDataSizeThroughInsertsUpdatesAndRemovesAndReportsItAsZero() {
        String file = folder.resolve("store.mv").toString();
        EmbeddedH2Backend backend = backend(file);
        MongoServer server = new MongoServer(backend);
        try (MongoClient client = MongoClients.create(server.bindAndGetConnectionString())) {
            MongoDatabase db = client.getDatabase("sizes");
            MongoCollection<Document> items = db.getCollection("items");
            List<Document> docs = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                docs.add(new Document("_id", "e-" + i).append("card", "{\"type\":\"flex\",\"altText\":\"สรุปผลประจำสัปดาห์\"}".repeat(40)));
            }
            items.insertMany(docs);
            items.updateMany(new Document(), new Document("$set", new Document("status", "SENT")).append("$unset", new Document("card", "")));
            items.deleteMany(new Document("_id", new Document("$in", List.of("e-0", "e-1"))));

            // what the stock collection adds to for every document it writes (H2Collection's meta map)
            Object kept = backend.getMvStore().openMap("meta.sizes.items").get("dataSize");
            assertThat(((Number) kept).longValue()).isZero();
            Document stats = db.runCommand(new Document("collStats", "items"));
            assertThat(stats.getInteger("count")).isEqualTo(198);
            assertThat(stats.getInteger("size")).isZero();
            assertThat(items.countDocuments(new Document("status", "SENT"))).isEqualTo(198);
        } finally {
            server.shutdownNow();
        }
    }

    private static int[] leavesAndKeys(org.h2.mvstore.Page<?, ?> page) {
        if (page.isLeaf()) {
            return new int[] {1, page.getKeyCount()};
        }
        int[] sum = new int[2];
        for (int i = 0; i < page.getRawChildPageCount(); i++) {
            int[] child = leavesAndKeys(page.getChildPage(i));
            sum[0] += child[0];
            sum[1] += child[1];
        }
        return sum;
    }

    private static void assertEveryKeyFound(MongoCollection<Document> items, List<Object> ids) {
        for (Object id : ids) {
            Document found = items.find(new Document("_id", id)).first();
            assertThat(found).as("by _id %s", id).isNotNull();
            assertThat(items.find(new Document("code", found.getString("code"))).first()).as("by code of %s", id)
                    .extracting(d -> d.get("_id")).isEqualTo(id);
        }
    }

    /** This backend as the bot opens it by default. */
    private static EmbeddedH2Backend backend(String file) {
        return new EmbeddedH2Backend(file, DataSize.ofMegabytes(16), null);
    }

    /** One collection per file, named after it. */
    private static String file(H2Backend backend) {
        String name = backend.getMvStore().getFileStore().getFileName();
        return name.substring(name.lastIndexOf('/') + 1).replace(".mv", "").replace("store", "items");
    }

    private static void withStore(H2Backend backend, Function<MongoCollection<Document>, Void> work) {
        MongoServer server = new MongoServer(backend);
        try (MongoClient client = MongoClients.create("mongodb://" + server.bindAndGetConnectionString().substring("mongodb://".length()))) {
            work.apply(client.getDatabase("compat").getCollection(file(backend)));
        } finally {
            backend.commit();
            server.shutdownNow();
        }
    }
}
