package org.sanphalang.store;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.mongodb.core.index.Index;

/**
 * Lets the embedded store answer "this entry, if it is still in this state" — {@code {_id, status, attempts}},
 * the compare-and-set every claim and settle of the inbox and outbox makes — from an index instead of reading
 * the whole collection. mongo-java-server keeps only unique indexes and uses one only when a query names exactly
 * its fields, so {@code _id} alone does not serve such a query there (measured: every claim scanned every
 * handled entry, which made the inbox's cost grow with its history). A compound index that starts with
 * {@code _id} is unique by construction. A real MongoDB answers these queries from its {@code _id} index, so
 * nothing is created there.
 */
public class IdLookups {

    private final boolean embedded;

    IdLookups(boolean embedded) {
        this.embedded = embedded;
    }

    /** Makes queries on exactly {@code _id} and {@code fields} (equality only) use an index on the embedded store. */
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
}
