package org.sanphalang.store;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.AbstractUniqueIndex;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.exception.KeyConstraintError;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStore.TxCounter;
import org.springframework.util.unit.DataSize;

/**
 * mongo-java-server's H2 backend with three changes, for speed (bench/RESULTS.md, sessions 5 and 22): its maps order
 * their keys with {@link StoredKeyOrder} (H2's order, without serialising keys to compare them, and without the race
 * H2's default type has), its collections store documents as BSON ({@link StoredDocumentType}) instead of
 * Java-serialising them, and they keep no running data size ({@link Collection}). The maps and their names are the
 * stock backend's: a file the stock backend wrote opens here ({@code EmbeddedH2BackendTest}); the other way round,
 * documents written here are not readable by it.
 */
final class EmbeddedH2Backend extends H2Backend {

    /**
     * @param cache       the MVStore's page cache (whole MiB, at least 1; H2's own default is 16)
     * @param writeBuffer unsaved changes the MVStore holds before it writes them on its own; null: H2's default
     */
    EmbeddedH2Backend(String fileName, DataSize cache, DataSize writeBuffer) {
        this(fileName, cache, writeBuffer, null);
    }

    /** @param autoCommitDelay how long changes wait before H2's background thread commits them; null: H2's 1 s */
    EmbeddedH2Backend(String fileName, DataSize cache, DataSize writeBuffer, Duration autoCommitDelay) {
        super(open(fileName, cache, writeBuffer, autoCommitDelay));
    }

    private static MVStore open(String fileName, DataSize cache, DataSize writeBuffer, Duration autoCommitDelay) {
        // autoCompactFillRate 0: H2's background thread only commits; FileHousekeeping rewrites chunks, at quiet moments.
        MVStore.Builder builder = new MVStore.Builder().fileName(fileName).cacheSize((int) Math.max(1, cache.toMegabytes()))
                .autoCompactFillRate(0);
        if (writeBuffer != null) {
            builder.autoCommitBufferSize((int) Math.max(1, writeBuffer.toKilobytes()));
        }
        MVStore store = builder.open();
        if (autoCommitDelay != null) {
            // At least 1 ms: 0 stops H2's background writer altogether.
            store.setAutoCommitDelay((int) Math.min(Integer.MAX_VALUE, Math.max(1, autoCommitDelay.toMillis())));
        }
        return store;
    }

    // Called by H2Backend's constructor for each database already in the file: getMvStore() is set by then.
    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        return Database.open(databaseName, getMvStore(), getCursorRegistry());
    }

    static final class Database extends H2Database {

        /**
         * H2Database's constructor opens the indexes already stored, calling {@link #openOrCreateUniqueIndex} before
         * this subclass's fields are set: the store is handed over on the constructing thread instead.
         */
        private static final ThreadLocal<MVStore> OPENING = new ThreadLocal<>();

        private final MVStore store;

        static Database open(String databaseName, MVStore store, CursorRegistry cursors) {
            OPENING.set(store);
            try {
                return new Database(databaseName, store, cursors);
            } finally {
                OPENING.remove();
            }
        }

        private Database(String databaseName, MVStore store, CursorRegistry cursors) {
            super(databaseName, store, cursors);
            this.store = store;
        }

        private MVStore store() {
            return store != null ? store : OPENING.get();
        }

        /** The stock backend's maps, under their names, with documents stored as BSON ({@link StoredDocumentType}). */
        @Override
        protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
            String fullName = getFullCollectionNamespace(collectionName);
            MVMap<Object, Document> data = store().openMap("databases." + fullName,
                    new MVMap.Builder<Object, Document>().keyType(new StoredKeyOrder()).valueType(new StoredDocumentType()));
            MVMap<String, Object> meta = store().openMap("meta." + fullName);
            return new Collection(this, collectionName, options, data, meta, cursorRegistry, store());
        }

        @Override
        protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys, boolean sparse) {
            // The stock backend's map name (H2Database.mapNameForIndex), so dropping the index still finds it.
            MVMap<KeyValue, Object> map = store().openMap(getFullCollectionNamespace(collectionName) + "._index_" + indexName,
                    new MVMap.Builder<KeyValue, Object>().keyType(new StoredKeyOrder()));
            return new UniqueIndex(map, indexName, keys, sparse);
        }
    }

    /**
     * The stock collection without its running data size. To keep it, mongo-java-server encodes every inserted or
     * removed document to BSON, and both the old and the new document of every update, then writes the sum to the
     * collection's meta map: 8 % of the bot's CPU samples in a 10,000-group broadcast (bench/RESULTS.md, session 22),
     * for a number only collStats and dbStats report, and nothing here reads. Those report a size of 0 instead.
     * <p>
     * And every read of its maps holds the store's version it started on until it ends. A read walks the B-tree as it
     * was when it began, but H2 frees a chunk once no version newer than the last five uses it, and the store commits
     * many times a second: a full scan that outlived a rewrite of its chunks (FileHousekeeping) failed with "Chunk …
     * not found" (webhook bench, session 24, a 100,000-event inbox; {@code LongReadTest} makes it happen every time).
     * The cost is two atomic counts per query; a chunk the read still needs is freed when the read ends.
     */
    static final class Collection extends H2Collection {

        private final MVStore store;

        Collection(MongoDatabase database, String name, CollectionOptions options, MVMap<Object, Document> data,
                   MVMap<String, Object> meta, CursorRegistry cursors, MVStore store) {
            super(database, name, options, data, meta, cursors);
            this.store = store;
        }

        // Every find, count, distinct, aggregation, update and delete selects its documents here. (The collection's
        // other full scan, findDocumentPosition, serves only collections without an _id index: none here.)
        @Override
        protected QueryResult queryDocuments(Document query, Document orderBy, int numberToSkip, int limit, int batchSize,
                                             Document fieldSelector) {
            return holdingVersion(() -> super.queryDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector));
        }

        // A new index reads every document twice.
        @Override
        public void addIndex(Index<Object> index) {
            holdingVersion(() -> {
                super.addIndex(index);
                return null;
            });
        }

        /** Registered before the read takes its root, so the version held is never newer than the tree it walks. */
        private <T> T holdingVersion(Supplier<T> read) {
            TxCounter held = store.registerVersionUsage();
            try {
                return read.get();
            } finally {
                store.deregisterVersionUsage(held);
            }
        }

        @Override
        protected boolean tracksDataSize() {
            return false;
        }

        @Override
        protected int getDataSize() {
            return 0; // what files written before this kept would be stale from the first change on
        }
    }

    /**
     * What the stock H2UniqueIndex does (its constructor is not public), on a map opened with {@link StoredKeyOrder};
     * and an update that leaves the indexed fields as they were is not checked against the index.
     * <p>
     * For each update mongo-java-server asks every unique index to check it and then to follow it, and each works out
     * the old and the new document's keys (four times in all; with streams, a regex split of each field's path and a
     * set each time) to find them equal and do nothing. That is the case for every update of the {@code _id} index,
     * which an update cannot change, and for every settle of an outbox or inbox entry: JFR's samples put ~13 % of a
     * small-set broadcast's allocation there, and skipping it took ~5 % off its young collections (bench/RESULTS.md,
     * session 28). A document's keys in an index are worked out from its indexed fields' values alone, so when each of
     * those fields is there in both documents or in neither, with equal values, the keys are equal and both steps would
     * do nothing. Equal means {@code equals}: a document's field order counts, and 1 and 1L differ, so only the very
     * same values skip.
     */
    static final class UniqueIndex extends AbstractUniqueIndex<Object> {

        private final MVMap<KeyValue, Object> map;
        /** The indexed fields, if all are top-level ones (no path): those whose values the check compares. */
        private final List<String> fields;

        UniqueIndex(MVMap<KeyValue, Object> map, String name, List<IndexKey> keys, boolean sparse) {
            super(name, keys, sparse);
            this.map = map;
            List<String> named = keys.stream().map(IndexKey::getKey).toList();
            this.fields = named.stream().anyMatch(field -> field.contains(".")) ? List.of() : named;
        }

        @Override
        public void checkUpdate(Document oldDocument, Document newDocument, MongoCollection<Object> collection) {
            if (!sameIndexedValues(oldDocument, newDocument)) {
                super.checkUpdate(oldDocument, newDocument, collection);
            }
        }

        @Override
        public void updateInPlace(Document oldDocument, Document newDocument, Object position,
                                  MongoCollection<Object> collection) throws KeyConstraintError {
            if (!sameIndexedValues(oldDocument, newDocument)) {
                super.updateInPlace(oldDocument, newDocument, position, collection);
            }
        }

        private boolean sameIndexedValues(Document oldDocument, Document newDocument) {
            if (fields.isEmpty()) {
                return false;
            }
            for (String field : fields) {
                if (oldDocument.containsKey(field) != newDocument.containsKey(field)
                        || !Objects.equals(oldDocument.get(field), newDocument.get(field))) {
                    return false;
                }
            }
            return true;
        }

        @Override
        protected Object removeDocument(KeyValue key) {
            return map.remove(key);
        }

        @Override
        protected boolean putKeyPosition(KeyValue key, Object position) {
            return map.putIfAbsent(key, Missing.ofNullable(position)) == null;
        }

        @Override
        protected Iterable<Map.Entry<KeyValue, Object>> getIterable() {
            return map.entrySet();
        }

        @Override
        protected Object getPosition(KeyValue key) {
            return map.get(key);
        }

        @Override
        public long getCount() {
            return map.sizeAsLong();
        }

        @Override
        public boolean isEmpty() {
            return map.isEmpty();
        }

        @Override
        public long getDataSize() {
            return getCount();
        }
    }
}
