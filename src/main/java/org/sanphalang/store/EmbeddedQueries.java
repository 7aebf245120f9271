package org.sanphalang.store;

import java.util.stream.Stream;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.mongodb.core.index.IndexInfo;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/**
 * Shapes the work collections' hot queries (inbox, outbox) so that the embedded mongo-java-server can answer them
 * without reading — or holding — a whole collection; on a real MongoDB they stay plain queries on indexes.
 * mongo-java-server keeps only unique indexes, uses one only when a query names exactly its fields, sorts by
 * collecting every matching document, and runs any aggregation (so also {@code countDocuments}) over a list of
 * every document in the collection. Each of those was measured: claims that scanned every handled entry, and
 * under a 70,000-event backlog an out-of-memory error in the backlog gauge's count (bench/RESULTS.md).
 */
public class EmbeddedQueries {

    /** The compound index earlier versions created on the embedded store for the compare-and-set (dropped now). */
    static final String OLD_CAS_INDEX = "_id_status_attempts";
    private static final int STRIPES = 256;

    private final boolean embedded;
    private final Object[] stripes = new Object[STRIPES];

    EmbeddedQueries(boolean embedded) {
        this.embedded = embedded;
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Object();
        }
    }

    /** Drops the compound index an earlier version left on the embedded store: it is no longer used, only maintained. */
    public void prepare(MongoOperations mongo, Class<?> entity) {
        if (embedded && mongo.indexOps(entity).getIndexInfo().stream().map(IndexInfo::getName).anyMatch(OLD_CAS_INDEX::equals)) {
            mongo.indexOps(entity).dropIndex(OLD_CAS_INDEX);
        }
    }

    /**
     * Applies {@code update} to document {@code id} if its status and attempts are still those given — the
     * compare-and-set of every claim and settle of the inbox and the outbox — and returns it as updated, or null when
     * it is not in that state (or gone). On MongoDB: one {@code findAndModify} on the three fields, served by its
     * {@code _id} index. On the embedded store, which only this process writes: a read and a write by {@code _id}
     * under a lock on the id here. mongo-java-server would otherwise need a compound unique index, and H2 compares its
     * keys by Java-serialising them on every step of every lookup (45 % of the CPU of an inbox drain; bench/RESULTS.md).
     */
    public <T> T compareAndSet(MongoOperations mongo, Class<T> type, String id, Enum<?> status, int attempts, Update update) {
        FindAndModifyOptions returnNew = FindAndModifyOptions.options().returnNew(true);
        if (!embedded) {
            return mongo.findAndModify(new Query(Criteria.where("_id").is(id).and("status").is(status).and("attempts").is(attempts)),
                    update, returnNew, type);
        }
        Query byId = new Query(Criteria.where("_id").is(id));
        synchronized (stripes[Math.floorMod(id.hashCode(), STRIPES)]) {
            org.bson.Document current = mongo.findOne(byId, org.bson.Document.class, mongo.getCollectionName(type));
            if (current == null || !status.name().equals(current.getString("status"))
                    || ((Number) current.getOrDefault("attempts", 0)).intValue() != attempts) {
                return null;
            }
            return mongo.findAndModify(byId, update, returnNew, type);
        }
    }

    /**
     * The order a sweep reads due entries in: oldest due first on MongoDB (its {@code (status, dueAt)} index); on
     * the embedded store the order entries were stored in, which it can stream and stop at the sweep's limit
     * instead of collecting and sorting every due entry first.
     */
    public Sort sweepOrder(String dueField) {
        return embedded ? Sort.unsorted() : Sort.by(dueField);
    }

    /**
     * How many documents match. On the embedded store by streaming their ids (its {@code count} runs as an
     * aggregation over every document of the collection, history included, held at once).
     */
    public long count(MongoOperations mongo, Query query, String collection) {
        if (!embedded) {
            return mongo.count(query, collection);
        }
        Query ids = Query.of(query).cursorBatchSize(5_000);
        ids.fields().include("_id");
        try (Stream<org.bson.Document> found = mongo.stream(ids, org.bson.Document.class, collection)) {
            return found.count();
        }
    }
}
