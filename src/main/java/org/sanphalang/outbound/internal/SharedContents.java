package org.sanphalang.outbound.internal;

import static com.mongodb.client.model.Filters.eq;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.HexFormat;
import java.util.Optional;

import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.sanphalang.store.DurableWrites;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * Messages that many outbox entries send alike (a broadcast's card to every group), stored once and named by each
 * entry ({@link OutboxEntry#contentId()}) instead of copied into every one. A 10,000-group broadcast stored the ~2 KB
 * card 10,000 times, and every lease and settle of an entry read, copied and rewrote it: on the embedded store half of
 * the insert's cost and a quarter of the lease's (bench/RESULTS.md, session 23); on MongoDB 20 MB written with
 * majority + journal instead of one card.
 * <p>
 * Named by the SHA-256 of the JSON, so storing it again (an enqueue repeated after a crash, the same card sent twice)
 * finds the same document. Kept while an open or dead-lettered entry names it: sent entries drop their messages, and a
 * dead letter keeps them for an operator.
 */
@Component
public class SharedContents {

    public static final String COLLECTION = "outbox_contents";
    /**
     * How long a content stays after it was last stored, named or not: longer than any enqueue takes between storing
     * it and storing the entries that name it, which a purge in between does not see yet.
     */
    static final Duration KEPT_UNNAMED = Duration.ofHours(1);

    private final MongoTemplate mongo;
    private final DurableWrites durable;
    private final Clock clock;

    public SharedContents(MongoTemplate mongo, DurableWrites durable, Clock clock) {
        this.mongo = mongo;
        this.durable = durable;
        this.clock = clock;
    }

    /**
     * Stores the messages (LINE's JSON of them) unless they are stored already, as durably as the entries that will name
     * them: before them, and committed with them ({@link DurableWrites#commit()}).
     *
     * @return their id, for {@link OutboxEntry#contentId()}
     */
    public String store(String json) {
        String id = idOf(json);
        Date now = Date.from(clock.instant());
        // lastUsedAt moves on with every use, so a purge that found it unused a moment ago leaves it (see purgeUnused).
        mongo.getCollection(COLLECTION).withWriteConcern(durable.writeConcern()).updateOne(eq("_id", id),
                Updates.combine(Updates.setOnInsert("messages", json), Updates.max("lastUsedAt", now)),
                new UpdateOptions().upsert(true));
        return id;
    }

    /** @return the JSON of the messages stored under this id, or empty when there are none */
    Optional<String> json(String id) {
        Query byId = new Query(Criteria.where("_id").is(id));
        byId.fields().include("messages");
        return Optional.ofNullable(mongo.findOne(byId, Document.class, COLLECTION)).map(d -> d.getString("messages"));
    }

    /**
     * Removes what no entry in {@code inUse} names and nothing has stored for {@link #KEPT_UNNAMED}: that covers an
     * enqueue that stored the content before this purge read the entries, and its entries after.
     *
     * @return how many were removed
     */
    long purgeUnused(Collection<String> inUse) {
        Instant quietSince = clock.instant().minus(KEPT_UNNAMED);
        return mongo.remove(new Query(Criteria.where("_id").nin(inUse).and("lastUsedAt").lt(quietSince)), COLLECTION)
                .getDeletedCount();
    }

    static String idOf(String json) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }
}
