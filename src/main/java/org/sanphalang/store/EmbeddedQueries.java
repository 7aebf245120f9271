package org.sanphalang.store;

import java.util.stream.Stream;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Query;

/**
 * Shapes the work collections' hot queries (inbox, outbox) so that the embedded mongo-java-server can answer them
 * without reading — or holding — a whole collection; on a real MongoDB they stay plain queries on indexes.
 * mongo-java-server keeps only unique indexes, uses one only when a query names exactly its fields, sorts by
 * collecting every matching document, and runs any aggregation (so also {@code countDocuments}) over a list of
 * every document in the collection. Each of those was measured: claims that scanned every handled entry, and
 * under a 70,000-event backlog an out-of-memory error in the backlog gauge's count (bench/RESULTS.md).
 */
public class EmbeddedQueries {

    private final boolean embedded;

    EmbeddedQueries(boolean embedded) {
        this.embedded = embedded;
    }

    /**
     * Makes queries on exactly {@code _id} and {@code fields} (equality only) — the compare-and-set of every claim
     * and settle — use an index on the embedded store. A compound index that starts with {@code _id} is unique by
     * construction. A real MongoDB answers these from its {@code _id} index, so nothing is created there.
     */
    public void ensure(MongoOperations mongo, Class<?> entity, String... fields) {
        if (!embedded) {
            return;
        }
        Index index = new Index().on("_id", Sort.Direction.ASC).unique().named("_id_" + String.join("_", fields));
        for (String field : fields) {
            index.on(field, Sort.Direction.ASC);
        }
        mongo.indexOps(entity).createIndex(index);
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
