package org.sanphalang.webhook.internal;

import static org.springframework.data.mongodb.core.query.Criteria.where;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.sanphalang.store.DurableWrites;
import org.sanphalang.webhook.WebhookSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * The durable inbox of LINE events: accept (store once, commit), claim (lease one due entry atomically),
 * and settle (done, retry later, or park as failed). Every state change is a single-document atomic update,
 * so any number of instances can share it without transactions.
 */
@Component
public class Inbox {

    private static final Logger log = LoggerFactory.getLogger(Inbox.class);

    private final MongoTemplate mongo;
    private final DurableWrites durable;
    private final WebhookSettings settings;
    private final Clock clock;
    private final Counter accepted;
    private final Counter duplicates;

    Inbox(MongoTemplate mongo, DurableWrites durable, WebhookSettings settings, Clock clock, MeterRegistry meters) {
        this.mongo = mongo;
        this.durable = durable;
        this.settings = settings;
        this.clock = clock;
        this.accepted = Counter.builder("sanphalang.webhook.events").tag("outcome", "accepted")
                .description("LINE events stored in the inbox").register(meters);
        this.duplicates = Counter.builder("sanphalang.webhook.events").tag("outcome", "duplicate")
                .description("LINE events already in the inbox (redeliveries)").register(meters);
        Gauge.builder("sanphalang.inbox.backlog", this, Inbox::backlog)
                .description("Inbox entries waiting to be handled").register(meters);
        mongo.indexOps(InboxEntry.class).createIndex(new Index().on("status", Sort.Direction.ASC).on("dueAt", Sort.Direction.ASC));
    }

    /** A raw event from a verified webhook body. */
    public record Arrival(JsonNode event, String destination) {
    }

    /**
     * Stores each event unless its key is already there, then makes the writes durable. Returns only once
     * a crash can no longer lose them: the caller may then acknowledge LINE.
     *
     * @return the keys of the events that were new
     */
    public List<String> accept(List<Arrival> arrivals) {
        Instant now = clock.instant();
        List<String> stored = new java.util.ArrayList<>(arrivals.size());
        for (Arrival arrival : arrivals) {
            JsonNode event = arrival.event();
            String key = EventKeys.keyOf(event);
            String type = event.path("type").asText("unknown");
            boolean redelivery = event.path("deliveryContext").path("isRedelivery").asBoolean(false);
            try {
                mongo.insert(InboxEntry.accepted(key, type, arrival.destination(), event.toString(), redelivery, now));
                stored.add(key);
                accepted.increment();
            } catch (DuplicateKeyException alreadyThere) {
                duplicates.increment();
                log.debug("Event {} ({}) already in the inbox; redelivery={}", key, type, redelivery);
            }
        }
        durable.commit();
        return stored;
    }

    /**
     * Takes one entry this process has just stored, by its _id. On the embedded store every query but one by _id
     * reads the whole collection (it keeps no other index), so claiming by _id keeps a webhook burst cheap; the full
     * query below runs about once a poll interval for everything else.
     */
    Optional<InboxEntry> claim(String key) {
        Instant now = clock.instant();
        return Optional.ofNullable(mongo.findAndModify(
                new Query(where("_id").is(key).and("status").is(InboxEntry.Status.PENDING).and("dueAt").lte(now)),
                new Update().set("status", InboxEntry.Status.PROCESSING).set("leaseUntil", now.plus(settings.lease())).inc("attempts", 1),
                FindAndModifyOptions.options().returnNew(true), InboxEntry.class));
    }

    /** Takes the oldest due entry, or one whose worker's lease ran out (that worker died). */
    Optional<InboxEntry> claim() {
        Instant now = clock.instant();
        Query due = new Query(new Criteria().orOperator(
                where("status").is(InboxEntry.Status.PENDING).and("dueAt").lte(now),
                where("status").is(InboxEntry.Status.PROCESSING).and("leaseUntil").lt(now)))
                .with(Sort.by("dueAt"));
        Update lease = new Update()
                .set("status", InboxEntry.Status.PROCESSING)
                .set("leaseUntil", now.plus(settings.lease()))
                .inc("attempts", 1);
        return Optional.ofNullable(mongo.findAndModify(due, lease, FindAndModifyOptions.options().returnNew(true), InboxEntry.class));
    }

    void done(InboxEntry entry) {
        settle(entry, new Update().set("status", InboxEntry.Status.DONE).set("doneAt", clock.instant()).unset("leaseUntil"));
    }

    /** Schedules another attempt with exponential backoff, or parks the entry once attempts are used up. */
    InboxEntry.Status failed(InboxEntry entry, Throwable error) {
        String message = error.getClass().getSimpleName() + ": " + String.valueOf(error.getMessage());
        message = message.length() > 500 ? message.substring(0, 500) : message;
        if (entry.attempts() >= settings.maxAttempts()) {
            settle(entry, new Update().set("status", InboxEntry.Status.FAILED).set("lastError", message).unset("leaseUntil"));
            return InboxEntry.Status.FAILED;
        }
        Duration backoff = settings.retryBackoff().multipliedBy(1L << Math.min(entry.attempts() - 1, 16));
        settle(entry, new Update().set("status", InboxEntry.Status.PENDING).set("dueAt", clock.instant().plus(backoff))
                .set("lastError", message).unset("leaseUntil"));
        return InboxEntry.Status.PENDING;
    }

    /** Only the worker holding this attempt's lease may settle it: a worker that lost its lease changes nothing. */
    private void settle(InboxEntry entry, Update update) {
        mongo.updateFirst(new Query(where("_id").is(entry.id()).and("status").is(InboxEntry.Status.PROCESSING)
                .and("attempts").is(entry.attempts())), update, InboxEntry.class);
    }

    long backlog() {
        return mongo.count(new Query(where("status").in(InboxEntry.Status.PENDING, InboxEntry.Status.PROCESSING)), InboxEntry.class);
    }

    /** Expires handled entries; MongoDB's TTL index would, but the embedded store has none. */
    long purgeHandledBefore(Instant cutoff) {
        return mongo.remove(new Query(where("status").is(InboxEntry.Status.DONE).and("doneAt").lt(cutoff)), InboxEntry.class)
                .getDeletedCount();
    }
}
