package org.sanphalang.outbound.internal;

import static org.springframework.data.mongodb.core.query.Criteria.where;

import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.Date;
import java.util.Optional;

import org.bson.Document;
import org.sanphalang.outbound.OutboundSettings;
import org.sanphalang.store.DurableWrites;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * "Paid sends are paused": set when LINE says the month's messages are used up, so no instance keeps knocking
 * (each refused push would still be a request and a log line). Stored, not held in memory, so every instance
 * and a restarted one see it. It lifts by itself when the quota renews — the first of the month in
 * {@code sanphalang.zone} — or when an officer resumes sending (e.g. after raising the plan).
 */
@Component
public class QuotaPause {

    static final String COLLECTION = "outbox_state";
    static final String ID = "quota";

    private final MongoTemplate mongo;
    private final DurableWrites durable;
    private final ZoneId zone;
    private final long rereadNanos;
    /** The stored state as last read: every claim asks, and once a poll interval is often enough to read it. */
    private volatile Reading last = new Reading(null, Long.MIN_VALUE);

    private record Reading(Instant pausedUntil, long readAtNanos) {
    }

    QuotaPause(MongoTemplate mongo, DurableWrites durable, OutboundSettings settings,
               @Value("${sanphalang.zone:Asia/Bangkok}") ZoneId zone) {
        this.mongo = mongo;
        this.durable = durable;
        this.zone = zone;
        this.rereadNanos = settings.pollInterval().toNanos();
    }

    /** @return when paid sends may go again, if they are paused at {@code now} */
    public Optional<Instant> pausedUntil(Instant now) {
        Reading reading = last;
        if (reading.readAtNanos() == Long.MIN_VALUE || System.nanoTime() - reading.readAtNanos() > rereadNanos) {
            Document state = mongo.findById(ID, Document.class, COLLECTION);
            Date until = state == null ? null : state.getDate("pausedUntil");
            reading = remember(until == null ? null : until.toInstant());
        }
        Instant until = reading.pausedUntil();
        return until != null && until.isAfter(now) ? Optional.of(until) : Optional.empty();
    }

    private Reading remember(Instant pausedUntil) {
        Reading reading = new Reading(pausedUntil, System.nanoTime());
        last = reading;
        return reading;
    }

    /**
     * Pauses paid sends until the quota renews.
     *
     * @return the end of the pause if this call started it; empty if sends were already paused (so the alert
     *         goes out once, however many senders hit the limit at the same moment)
     */
    public Optional<Instant> pause(Instant now, String reason) {
        Instant until = renewal(now);
        // Matches only an unpaused record; an upsert against a paused one collides on _id and changes nothing.
        Query unpaused = new Query(where("_id").is(ID).orOperator(
                where("pausedUntil").exists(false), where("pausedUntil").is(null), where("pausedUntil").lte(now)));
        Update pause = new Update().set("pausedUntil", until).set("pausedAt", now).set("reason", reason);
        try {
            mongo.findAndModify(unpaused, pause, FindAndModifyOptions.options().upsert(true).returnNew(true),
                    Document.class, COLLECTION);
        } catch (DuplicateKeyException alreadyPaused) {
            last = new Reading(null, Long.MIN_VALUE); // read the pause another sender set
            return Optional.empty();
        }
        durable.commit();
        remember(until);
        return Optional.of(until);
    }

    /** @return whether sends were paused */
    public boolean resume(Instant now, String by) {
        Document before = mongo.findAndModify(new Query(where("_id").is(ID)),
                new Update().unset("pausedUntil").set("resumedAt", now).set("resumedBy", by),
                FindAndModifyOptions.options().returnNew(false), Document.class, COLLECTION);
        durable.commit();
        remember(null);
        Date until = before == null ? null : before.getDate("pausedUntil");
        return until != null && until.toInstant().isAfter(now);
    }

    /** LINE renews the monthly quota on the first of the month; Thai time is what the channel's month means here. */
    Instant renewal(Instant now) {
        return now.atZone(zone).toLocalDate().with(TemporalAdjusters.firstDayOfNextMonth()).atStartOfDay(zone).toInstant();
    }

    /** Whether an entry can still go as a (free) reply: {@link #freeOnly} on an entry already read. */
    static boolean isFree(OutboxEntry entry, Instant now) {
        return (entry.reply() == OutboxEntry.ReplyState.READY || entry.reply() == OutboxEntry.ReplyState.TRYING)
                && entry.replyDeadline() != null && entry.replyDeadline().isAfter(now);
    }

    /** Claims to make while paused: only entries that can still go as a (free) reply. */
    static Criteria freeOnly(Instant now) {
        return where("reply").in(OutboxEntry.ReplyState.READY, OutboxEntry.ReplyState.TRYING).and("replyDeadline").gt(now);
    }
}
