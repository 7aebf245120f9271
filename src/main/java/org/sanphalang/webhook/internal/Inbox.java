package org.sanphalang.webhook.internal;

import static org.springframework.data.mongodb.core.query.Criteria.where;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.bson.Document;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.sanphalang.store.DurableWrites;
import org.sanphalang.store.GroupWrite;
import org.sanphalang.store.EmbeddedQueries;
import org.sanphalang.store.EmbeddedQueries.Inserted;
import org.sanphalang.store.OpenCount;
import org.sanphalang.webhook.WebhookSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Sort;
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
    /** Events per insertMany; far below MongoDB's 100,000 writes or 48 MB per batch. */
    private static final int MAX_GROUP_INSERT = 500;

    private final MongoTemplate mongo;
    private final DurableWrites durable;
    private final EmbeddedQueries queries;
    private final InboxJournal journal;
    private final WebhookSettings settings;
    private final Clock clock;
    private final Counter acceptedCount;
    private final Counter duplicateCount;
    private final OpenCount backlog;
    private final GroupWrite<InboxEntry, Inserted> inserts = new GroupWrite<>(MAX_GROUP_INSERT, this::insertTogether);

    Inbox(MongoTemplate mongo, DurableWrites durable, EmbeddedQueries queries, InboxJournal journal, WebhookSettings settings, Clock clock,
          MeterRegistry meters) {
        this.mongo = mongo;
        this.queries = queries;
        this.journal = journal;
        this.durable = durable;
        this.settings = settings;
        this.clock = clock;
        this.acceptedCount = Counter.builder("sanphalang.webhook.events").tag("outcome", "accepted")
                .description("LINE events stored in the inbox").register(meters);
        this.duplicateCount = Counter.builder("sanphalang.webhook.events").tag("outcome", "duplicate")
                .description("LINE events already in the inbox (redeliveries)").register(meters);
        this.backlog = queries.openCount(mongo, new Query(where("status").in(InboxEntry.Status.PENDING, InboxEntry.Status.PROCESSING)),
                InboxEntry.COLLECTION);
        backlog.register(meters, "sanphalang.inbox.backlog", "Inbox entries waiting to be handled (journaled ones included)",
                journal::pending);
        mongo.indexOps(InboxEntry.class).createIndex(new Index().on("status", Sort.Direction.ASC).on("dueAt", Sort.Direction.ASC));
        queries.prepare(mongo, InboxEntry.class);
    }

    /**
     * An event from a verified webhook body.
     *
     * @param payload        the event's JSON as LINE signed it
     * @param webhookEventId LINE's id for it; null or blank in payloads that have none (a digest of the event is used)
     * @param type           the event's type; null: unknown
     */
    public record Arrival(String payload, String destination, String webhookEventId, String type, boolean redelivery) {
    }

    /**
     * Stores each event unless its key is already there, then makes the writes durable. Returns only once
     * a crash can no longer lose them: the caller may then acknowledge LINE.
     * <p>
     * Group insert: the request threads' events wait in a queue; whichever thread holds the write lock stores
     * everything queued with one unordered {@code insertMany} and one commit, so a burst of webhooks costs one
     * round trip to the store and one disk write per batch instead of one each (measured in bench/RESULTS.md).
     * A thread that gets the lock and finds its events already written returns at once.
     * <p>
     * With the journal (embedded H2 store), the events are appended to it instead and moved into the inbox by
     * {@link InboxWorker}: the answer is then an empty list, since which of them are new is known only then.
     *
     * @return the keys of the events that were new
     */
    public List<String> accept(List<Arrival> arrivals) {
        Instant now = clock.instant();
        List<InboxEntry> entries = new ArrayList<>(arrivals.size());
        for (Arrival arrival : arrivals) {
            entries.add(InboxEntry.accepted(EventKeys.keyOf(arrival.webhookEventId(), arrival.payload()),
                    arrival.type() != null ? arrival.type() : "unknown", arrival.destination(), arrival.payload(), arrival.redelivery(), now));
        }
        if (journal.active()) {
            journal.append(entries);
            return List.of(); // moved into the inbox (and announced to the workers) by InboxWorker's mover
        }
        return insert(entries);
    }

    /**
     * Stores the entries unless their keys are already there and commits: the journal's mover, and {@link #accept}
     * when there is no journal.
     *
     * @return the keys of the entries that were new
     */
    List<String> insert(List<InboxEntry> entries) {
        return Inserted.newIds(entries, inserts.write(entries), InboxEntry::id, InboxEntry.COLLECTION);
    }

    /** One unordered insertMany and one commit for every entry queued; duplicates (redeliveries) are not errors. */
    private List<Inserted> insertTogether(List<InboxEntry> entries) {
        List<Inserted> outcomes = queries.insertNew(mongo, InboxEntry.COLLECTION, durable.writeConcern(), entries, InboxEntry::id,
                InboxEntry.Status.PENDING);
        durable.commit();
        long duplicates = outcomes.stream().filter(o -> o == Inserted.DUPLICATE).count();
        long stored = outcomes.stream().filter(o -> o == Inserted.NEW).count();
        backlog.opened(stored);
        acceptedCount.increment(stored);
        duplicateCount.increment(duplicates);
        if (duplicates > 0) {
            log.debug("{} event(s) already in the inbox (redeliveries)", duplicates);
        }
        return outcomes;
    }

    /**
     * Takes an entry this process knows is due — just stored (PENDING, 0 attempts), scheduled for a retry, or found by
     * a sweep (PROCESSING: its lease ran out) — if it is still in that state with that many attempts made: a
     * compare-and-set on {@code _id}, status and attempts ({@link EmbeddedQueries#compareAndSet}).
     */
    Optional<InboxEntry> claim(String key, InboxEntry.Status status, int attempts) {
        Instant now = clock.instant();
        return Optional.ofNullable(queries.compareAndSet(mongo, InboxEntry.class, key, status, attempts,
                new Update().set("status", InboxEntry.Status.PROCESSING).set("leaseUntil", now.plus(settings.lease())).inc("attempts", 1)));
    }

    /** A due entry found by a sweep: its key, and the state a claim must still find it in. */
    record Due(String key, InboxEntry.Status status, int attempts) {
    }

    /**
     * Due entries, or those whose worker's lease ran out (that worker died) — oldest due first on MongoDB, in stored
     * order on the embedded store ({@link EmbeddedQueries#sweepOrder}): up to {@code limit}, read in
     * one query (ids only) for the workers to claim by key. The embedded store reads entries until it has found
     * {@code limit}, with no index to help, so a sweep takes thousands at a time rather than one per claim (after a
     * crash with a backlog, that was quadratic).
     */
    List<Due> due(int limit) {
        Instant now = clock.instant();
        Query due = new Query(new Criteria().orOperator(
                where("status").is(InboxEntry.Status.PENDING).and("dueAt").lte(now),
                where("status").is(InboxEntry.Status.PROCESSING).and("leaseUntil").lt(now)))
                .with(queries.sweepOrder("dueAt")).limit(limit);
        due.fields().include("_id").include("status").include("attempts");
        List<Due> found = new ArrayList<>();
        for (Document d : queries.sweep(mongo, due, InboxEntry.COLLECTION)) {
            found.add(new Due(d.getString("_id"), InboxEntry.Status.valueOf(d.getString("status")), d.getInteger("attempts", 0)));
        }
        return found;
    }

    /**
     * Settles a handled entry. What LINE sent (the payload: who said what) is dropped: the features keep what they
     * need of it, and deduplicating a redelivery needs only the key, kept for the retention. Handled entries are most
     * of the inbox, and the embedded store reads every one of them in each full query (sweep, backlog count): without
     * their payloads those reads were 2–7 times faster (bench/RESULTS.md, session 16).
     */
    void done(InboxEntry entry) {
        close(entry, new Update().set("status", InboxEntry.Status.DONE).set("doneAt", clock.instant()).unset("leaseUntil")
                .unset("payload"));
    }

    /**
     * Schedules another attempt with exponential backoff, or parks the entry once attempts are used up.
     *
     * @return when the retry is due; empty when the entry was parked as FAILED
     */
    Optional<Instant> failed(InboxEntry entry, Throwable error) {
        String message = errorMessage(error);
        if (entry.attempts() >= settings.maxAttempts()) {
            park(entry, message);
            return Optional.empty();
        }
        Duration backoff = settings.retryBackoff().multipliedBy(1L << Math.min(entry.attempts() - 1, 16));
        Instant dueAt = clock.instant().plus(backoff);
        settle(entry, new Update().set("status", InboxEntry.Status.PENDING).set("dueAt", dueAt)
                .set("lastError", message).unset("leaseUntil"));
        return Optional.of(dueAt);
    }

    /** Parks an entry the SDK cannot read as an event, with why, at once: another attempt would read it the same way. */
    void unreadable(InboxEntry entry, Throwable error) {
        park(entry, errorMessage(error));
    }

    private void park(InboxEntry entry, String lastError) {
        close(entry, new Update().set("status", InboxEntry.Status.FAILED).set("lastError", lastError).unset("leaseUntil"));
    }

    /** A settle that takes the entry out of the backlog (handled or parked). */
    private void close(InboxEntry entry, Update update) {
        if (settle(entry, update)) {
            backlog.closed(1);
        }
    }

    /**
     * Only the worker holding this attempt's lease may settle it: a worker that lost its lease changes nothing.
     *
     * @return whether this worker still held the lease, and so settled the entry
     */
    private boolean settle(InboxEntry entry, Update update) {
        return queries.compareAndUpdate(mongo, InboxEntry.class, entry.id(), InboxEntry.Status.PROCESSING, entry.attempts(), update);
    }

    private static String errorMessage(Throwable error) {
        String message = error.getClass().getSimpleName() + ": " + String.valueOf(error.getMessage());
        return message.length() > 500 ? message.substring(0, 500) : message;
    }

    /**
     * Drops the payloads that handled entries stored by earlier versions still hold (they kept them for the retention).
     *
     * @return how many entries had one
     */
    long dropPayloadsOfHandled() {
        return mongo.updateMulti(new Query(where("status").is(InboxEntry.Status.DONE).and("payload").exists(true)),
                new Update().unset("payload"), InboxEntry.class).getModifiedCount();
    }

    /** Expires handled entries; MongoDB's TTL index would, but the embedded store has none. */
    long purgeHandledBefore(Instant cutoff) {
        return mongo.remove(new Query(where("status").is(InboxEntry.Status.DONE).and("doneAt").lt(cutoff)), InboxEntry.class)
                .getDeletedCount();
    }
}
