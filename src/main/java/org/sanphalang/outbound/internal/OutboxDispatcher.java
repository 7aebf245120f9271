package org.sanphalang.outbound.internal;

import static org.springframework.data.mongodb.core.query.Criteria.where;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.Supplier;

import com.fasterxml.jackson.core.type.TypeReference;
import com.linecorp.bot.messaging.model.Message;
import org.bson.Document;
import io.micrometer.core.instrument.MeterRegistry;
import org.sanphalang.outbound.OutboundSettings;
import org.sanphalang.outbound.OutboundSettings.Endpoint;
import org.sanphalang.outbound.PushQuotaExhausted;
import org.sanphalang.store.DueHints;
import org.sanphalang.store.DurableWrites;
import org.sanphalang.store.EmbeddedQueries;
import org.sanphalang.store.EmbeddedQueries.Expected;
import org.sanphalang.store.GroupWrite;
import org.sanphalang.store.OpenCount;
import org.sanphalang.store.QueriedGauge;
import org.sanphalang.store.WorkerThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * Delivers outbox entries. Exactly once, across crashes:
 * <ul>
 * <li>a push always carries the entry's retry key, so repeating it after a crash is safe (LINE answers 409
 * to a key it has accepted, which counts as sent);</li>
 * <li>a reply cannot carry a key, so it is recorded as TRYING before the call. A sender that finds an entry
 * still TRYING knows an earlier call's fate is unknown (its sender died mid-call, or it timed out) and replies again
 * with the same token: LINE accepts it if the first never arrived, and refuses a used token otherwise — which then
 * counts as sent.</li>
 * </ul>
 * A sender does not wait for LINE's answer: it makes the call and takes the next entry, and the answer is recorded
 * when it comes; {@code calls-in-flight} bounds the calls made and not yet recorded.
 * Paid sends (push, multicast) stop while the month's quota is used up ({@link QuotaPause}); replies are free
 * and keep going. Each endpoint is kept under LINE's rate limit ({@link RateLimiter}).
 */
@Component
public class OutboxDispatcher implements SmartLifecycle {

    public static final TypeReference<List<Message>> MESSAGE_LIST = new TypeReference<>() {
    };

    private static final Logger log = LoggerFactory.getLogger(OutboxDispatcher.class);
    /**
     * Due entries read per full query. Large, because on the embedded store the query has no index and reads entries
     * from the start of the outbox (it read and sorted all of them when this was measured): 200 at a time made a
     * 10,000-message backlog (after a restart) cost 50 full reads.
     */
    private static final int REFILL_BATCH = 5_000;
    /** Known-due ids held in memory; more wait in the store for a sweep. Two refills' worth. */
    private static final int HINTS = 2 * REFILL_BATCH;
    /** Leases or changes written together at most: more than there are senders. */
    private static final int GROUP = 128;
    private static final CompletableFuture<Void> SETTLED = CompletableFuture.completedFuture(null);

    private final MongoTemplate mongo;
    private final DurableWrites durable;
    private final EmbeddedQueries queries;
    private final LineSender sender;
    private final OutboundSettings settings;
    private final Clock clock;
    private final MeterRegistry meters;
    private final WorkerThreads threads;
    private final RateLimiter limiter;
    private final QuotaPause pause;
    private final OpenCount open;
    private final ApplicationEventPublisher events;
    private final DueHints<String, Due> due = new DueHints<>(Due::id, HINTS);
    private final ParsedMessages parsed = new ParsedMessages();
    /** Room for calls to LINE in flight: a sender makes a call and goes on; the call's answer gives its room back. */
    private final Semaphore calls;
    private final BatchRecorder<Accepted> recorder = new BatchRecorder<>("outbox-recorder", GROUP, this::recordAll);
    private final SharedContents contents;
    /** Senders leasing at the same moment lease together (embedded store: two round trips for them all). */
    private final GroupWrite<Due, Optional<OutboxEntry>> leases = new GroupWrite<>(GROUP, this::leaseTogether);
    /** Senders settling at the same moment settle together: one multi-update per kind of change. */
    private final GroupWrite<Change, Long> changes = new GroupWrite<>(GROUP, this::changeTogether);
    private volatile long lastRefill = System.nanoTime();
    private volatile boolean sweepRequested = true;
    private volatile boolean moreDue;
    private final AtomicBoolean messagesDropped = new AtomicBoolean();

    OutboxDispatcher(MongoTemplate mongo, DurableWrites durable, EmbeddedQueries queries, LineSender sender, OutboundSettings settings,
                     Clock clock, MeterRegistry meters, RateLimiter limiter, QuotaPause pause,
                     ApplicationEventPublisher events, SharedContents contents) {
        this.mongo = mongo;
        this.contents = contents;
        this.queries = queries;
        this.durable = durable;
        this.sender = sender;
        this.settings = settings;
        this.clock = clock;
        this.meters = meters;
        this.limiter = limiter;
        this.pause = pause;
        this.events = events;
        this.calls = new Semaphore(settings.callsInFlight());
        this.threads = new WorkerThreads("outbox", settings.workers(), settings.pollInterval(), this::startNext);
        mongo.indexOps(OutboxEntry.class).createIndex(new Index().on("status", Sort.Direction.ASC).on("dueAt", Sort.Direction.ASC));
        queries.prepare(mongo, OutboxEntry.class);
        this.open = queries.openCount(mongo, new Query(where("status").in(OutboxEntry.Status.PENDING, OutboxEntry.Status.SENDING)),
                OutboxEntry.COLLECTION);
        open.register(meters, "sanphalang.outbox.backlog", "Messages waiting to be sent", () -> 0);
        QueriedGauge.register(meters, "sanphalang.outbox.dead", "Messages LINE refused for good (dead-lettered)",
                () -> count(OutboxEntry.Status.DEAD));
    }

    public void wake() {
        threads.wake();
    }

    /**
     * Sends the next due message and waits until LINE's answer is recorded. A reply LINE refuses is put back then, to be
     * pushed by the next call.
     *
     * @return whether a message was due
     */
    public boolean sendNext() {
        Optional<OutboxEntry> claimed = claim();
        claimed.ifPresent(entry -> deliver(entry, true).join());
        return claimed.isPresent();
    }

    /**
     * The senders' step: makes the next due message's call and goes on, the answer being recorded when it comes (on
     * the HTTP client's thread). A sender that waited for each answer held a fan-out to senders ÷ LINE's round trip:
     * ~1,000 pushes a second with answers after 50 ms (bench/RESULTS.md, session 29).
     *
     * @return whether a message was due
     */
    private boolean startNext() {
        Optional<OutboxEntry> claimed = claim();
        claimed.ifPresent(entry -> deliver(entry, false));
        return claimed.isPresent();
    }

    /**
     * An entry seen due in this state: claimable as long as it is still in it. {@code asStored}: the entry itself, when
     * this process has just stored it (embedded store only), so that its lease need not read it back; not part of what
     * the hint is (equality), as a sweep that finds the entry in the same state names the same work.
     */
    record Due(String id, OutboxEntry.Status status, int attempts, OutboxEntry asStored) {

        Due(String id, OutboxEntry.Status status, int attempts) {
            this(id, status, attempts, null);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Due d && id.equals(d.id) && status == d.status && attempts == d.attempts;
        }

        @Override
        public int hashCode() {
            return Objects.hash(id, status, attempts);
        }
    }

    /**
     * Takes the next due entry: one this process knows is due (stored, put back or swept here), leased with a
     * compare-and-set on _id and the status and attempts it was seen with — one round trip, answered from an index
     * on the embedded store ({@link EmbeddedQueries}), where any other query reads every entry kept. The full query (a
     * sweep) runs once a sweep interval, or at once after a quota pause is lifted, for entries stored by another
     * instance, left by a crash, or held back by the pause.
     */
    private Optional<OutboxEntry> claim() {
        Instant now = clock.instant();
        boolean paused = pause.pausedUntil(now).isPresent();
        if (sweepDue()) {
            refill(claimable(now, paused));
        }
        for (Due hint; (hint = due.poll()) != null; ) {
            OutboxEntry leased = lease(hint);
            if (leased == null) {
                continue; // another sender took it, or it was settled since it was seen
            }
            // A fresh reading: an entry stored after `now` was taken is due, and comparing it with `now` would put
            // it back, due at once, and lease it again in this same loop — for ever.
            if (hint.status() == OutboxEntry.Status.PENDING && leased.dueAt() != null && leased.dueAt().isAfter(clock.instant())) {
                // Put off since it was seen (a rate-limit wait keeps status and attempts), or the queue's timer ran
                // a little ahead of the clock: back until then.
                hold(leased, new Update());
                expect(leased.id(), leased.attempts() - 1, leased.dueAt());
                continue;
            }
            return Optional.of(leased);
        }
        return Optional.empty();
    }

    private static Criteria claimable(Instant now, boolean paused) {
        Criteria claimable = new Criteria().orOperator(
                where("status").is(OutboxEntry.Status.PENDING).and("dueAt").lte(now),
                where("status").is(OutboxEntry.Status.SENDING).and("leaseUntil").lt(now));
        if (paused) {
            // Paid sends wait where they are (PENDING, in order); only what can still go as a reply is taken.
            claimable = new Criteria().andOperator(claimable, QuotaPause.freeOnly(now));
        }
        return claimable;
    }

    /**
     * Leases the entry if it is still as it was seen: every lease changes status and attempts, so a match means no
     * other sender has taken it since (and an expired lease seen by a sweep is still that same lease). A paid send
     * leased during a quota pause is put back by {@link #deliver}, after trying a reply. On the embedded store the
     * lease is held in memory and written with the entry's settle ({@link EmbeddedQueries#leaseAll}).
     */
    private OutboxEntry lease(Due seen) {
        // Grouped with other senders' only where a group costs fewer round trips; on MongoDB each sender leases alone.
        List<Due> one = List.of(seen);
        return (queries.batchesCompareAndSets() ? leases.write(one) : leaseTogether(one)).get(0).orElse(null);
    }

    /** The leases asked for while the previous group was written (or one sender's), as one. */
    private List<Optional<OutboxEntry>> leaseTogether(List<Due> seen) {
        Instant now = clock.instant();
        Instant until = now.plus(settings.lease());
        List<Expected> expected = seen.stream().map(d -> new Expected(d.id(), d.status(), d.attempts())).toList();
        Map<String, OutboxEntry> asStored = new HashMap<>();
        seen.stream().filter(d -> d.asStored() != null).forEach(d -> asStored.put(d.id(), d.asStored()));
        return queries.leaseAll(mongo, OutboxEntry.class, expected, leaseUntil(now, until), until, asStored::get).stream()
                .map(before -> Optional.ofNullable(before).map(b -> b.leased(until))).toList();
    }

    /**
     * The lease also starts the retry key's 24 hours if no push has yet ($min keeps an earlier start): a push follows at
     * once, and every way of putting the entry back unpushed clears it again (hold). One write per message fewer than
     * marking before the push; the entry as it was before says whether a push was made before. The start is taken to
     * the second below, so that early is the only way it can be off (the key's 24 hours end up to a second sooner), and
     * so that the settles of leases taken within one second are one write on the embedded store, where the lease is
     * written with its settle ({@link EmbeddedQueries#compareAndUpdateAll}).
     */
    private static Update leaseUntil(Instant now, Instant until) {
        return new Update().set("status", OutboxEntry.Status.SENDING).set("leaseUntil", until).inc("attempts", 1)
                .min("firstPushAt", now.truncatedTo(ChronoUnit.SECONDS));
    }

    private boolean sweepDue() {
        if (sweepRequested || System.nanoTime() - lastRefill >= settings.sweepInterval().toNanos()) {
            return true;
        }
        // The last sweep filled its batch, or hints were refused for want of room: read more once what is held is used up.
        return (moreDue || due.refusedSome()) && due.noneDueNow();
    }

    /** A quota pause was lifted: entries it held back are found by the next claim's sweep. */
    public void resumed() {
        sweepRequested = true;
        wake();
    }

    /** Reads due entries' ids into the queue of known-due ones (one sender queries at a time; the others use what it found). */
    private void refill(Criteria claimable) {
        synchronized (due) {
            if (!sweepDue()) {
                return; // another sender just did
            }
            sweepRequested = false;
            moreDue = false;
            due.sweeping();
            lastRefill = System.nanoTime();
            Query sweep = new Query(claimable).with(queries.sweepOrder("dueAt")).limit(REFILL_BATCH);
            sweep.fields().include("_id").include("status").include("attempts");
            List<Document> found = queries.sweep(mongo, sweep, OutboxEntry.COLLECTION);
            found.forEach(d -> due.add(new Due(d.getString("_id"), OutboxEntry.Status.valueOf(d.getString("status")),
                    d.getInteger("attempts", 0))));
            moreDue = found.size() == REFILL_BATCH;
        }
    }

    /** An entry this process put back (PENDING, with these attempts), due at {@code dueAt}. */
    private void expect(String id, int attempts, Instant dueAt) {
        due.add(new Due(id, OutboxEntry.Status.PENDING, attempts),
                System.nanoTime() + Math.max(0, Duration.between(clock.instant(), dueAt).toNanos()));
    }

    /**
     * Entries just stored (PENDING, never tried): due now. On the embedded store each hint keeps the entry, and its
     * lease does not read it back (~6 % of the bot's CPU in a fan-out; bench/RESULTS.md, session 20): held at most as long as the
     * hint, and a broadcast's entries share one string of messages (Outbox).
     */
    public void stored(List<OutboxEntry> entries) {
        open.opened(entries.size());
        boolean keep = queries.usesInsertedCopies();
        // beyond the hints' room: the next sweep
        entries.forEach(e -> due.add(new Due(e.id(), OutboxEntry.Status.PENDING, 0, keep ? e : null)));
        wake();
    }

    /**
     * @param wait whether the caller will wait for the answer ({@link #sendNext}): then it is recorded on the thread that
     *             reads it, not handed to the recorder
     * @return done when the entry is settled: at once, or when LINE has answered its push and the answer is recorded
     */
    private CompletableFuture<Void> deliver(OutboxEntry entry, boolean wait) {
        Instant now = clock.instant();
        List<Message> messages;
        if (entry.messages() == null && entry.contentId() == null) {
            // A sent entry put back by hand: its messages were dropped when LINE accepted them (sent()).
            dead(entry, "no messages: sent before, and what it said was dropped then");
            return SETTLED;
        }
        try {
            Optional<List<Message>> found = entry.messages() != null ? Optional.of(parsed.of(entry.messages()))
                    : parsed.shared(entry.contentId(), contents::json);
            if (found.isEmpty()) {
                dead(entry, "no messages: the content " + entry.contentId() + " it names is not stored");
                return SETTLED;
            }
            messages = found.get();
        } catch (IOException e) {
            dead(entry, "unreadable message: " + e.getMessage());
            return SETTLED;
        }
        if (!entry.multicast() && !entry.broadcast()) {
            CompletableFuture<Void> replied = reply(entry, messages, now, wait);
            if (replied != null) {
                return replied;
            }
        }
        if (entry.firstPushAt() != null && now.isAfter(entry.firstPushAt().plus(settings.retryKeyLifetime()))) {
            // LINE forgets a retry key after 24 hours; a new key could deliver the message a second time.
            dead(entry, "not accepted within the retry key's lifetime of " + settings.retryKeyLifetime());
            return SETTLED;
        }
        Optional<Instant> paused = pause.pausedUntil(now);
        if (paused.isPresent()) {
            // Claimed just before another sender paused pushes, or its reply just failed: it waits unsent.
            hold(entry, new Update());
            return SETTLED;
        }
        Endpoint endpoint = entry.broadcast() ? Endpoint.BROADCAST : entry.multicast() ? Endpoint.MULTICAST : Endpoint.PUSH;
        String via = endpoint.name().toLowerCase(Locale.ROOT);
        return call(entry, endpoint, () -> switch (endpoint) {
            case BROADCAST -> sender.broadcast(entry.retryKey(), messages);
            case MULTICAST -> sender.multicast(entry.retryKey(), entry.recipients(), messages);
            default -> sender.push(entry.retryKey(), entry.to(), messages);
        }, result -> record(entry, via, result, wait));
    }

    /**
     * Makes one call to LINE in its turn, with room for it in flight, and goes on; {@code recorded} records the answer
     * when it comes.
     *
     * @return done when the answer is recorded, or at once when no call was made (the entry put back)
     */
    private CompletableFuture<Void> call(OutboxEntry entry, Endpoint endpoint, Supplier<CompletableFuture<LineSender.Result>> make,
                                         Function<LineSender.Result, CompletableFuture<Void>> recorded) {
        if (!takeCall(entry)) {
            return SETTLED;
        }
        CompletableFuture<LineSender.Result> answer = null;
        try {
            if (awaitToken(entry, endpoint)) {
                answer = make.get();
            }
        } finally {
            if (answer == null) {
                calls.release(); // no call made: put back for its turn, or the call failed to start
            }
        }
        if (answer == null) {
            return SETTLED;
        }
        return answer.thenCompose(recorded).whenComplete((settled, failure) -> {
            calls.release();
            if (failure != null) {
                // Typically the store, unreachable: the lease runs out and the entry is taken again — a push under its
                // retry key, which LINE answers 409 if this one was accepted, a reply left TRYING with its token, which
                // LINE refuses as used if this one was accepted (either counted as sent).
                log.warn("LINE's answer to {} could not be recorded: {}", entry.id(), failure.toString());
            }
        });
    }

    /**
     * Waits for room for one more call in flight ({@code calls-in-flight}).
     *
     * @return false when interrupted, the entry put back
     */
    private boolean takeCall(OutboxEntry entry) {
        try {
            calls.acquire();
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            hold(entry, new Update());
            return false;
        }
    }

    /**
     * Replies while the entry still may: recorded TRYING (committed) before the call, then, as a push, the call is made
     * and the sender goes on. {@code null}: not to be replied to (never, or its token is stale), so pushed now.
     */
    private CompletableFuture<Void> reply(OutboxEntry entry, List<Message> messages, Instant now, boolean wait) {
        OutboxEntry.ReplyState state = entry.reply();
        if (state != OutboxEntry.ReplyState.READY && state != OutboxEntry.ReplyState.TRYING) {
            return null;
        }
        if (entry.replyDeadline() == null || !now.isBefore(entry.replyDeadline())) {
            mark(entry, new Update().set("reply", OutboxEntry.ReplyState.FAILED));
            return null;
        }
        boolean resumed = state == OutboxEntry.ReplyState.TRYING;
        return call(entry, Endpoint.REPLY, () -> {
            mark(entry, new Update().set("reply", OutboxEntry.ReplyState.TRYING));
            durable.commit();
            return sender.reply(entry.replyToken(), messages);
        }, result -> replied(entry, resumed, result, wait));
    }

    /**
     * Records a reply's answer. A used token is an acceptance only when this entry was TRYING already: its own earlier
     * reply took it. A reply whose fate is unknown (a timeout, a 5xx, a lost connection) may have reached LINE, so it is
     * replied again under its token while the token is fresh — LINE refuses a used one, which then counts as sent —
     * where a push could deliver it twice. Any other refusal: pushed instead, by the next sender that takes it.
     */
    private CompletableFuture<Void> replied(OutboxEntry entry, boolean resumed, LineSender.Result result, boolean wait) {
        if (result.accepted() || (resumed && result.invalidReplyToken())) {
            return recordSent(entry, "reply", wait);
        }
        if (result.kind() == LineSender.Kind.TRANSIENT) {
            retry(entry, result); // still TRYING, as stored before the call
            return SETTLED;
        }
        log.debug("Reply for {} not accepted ({}); pushing instead", entry.id(), result.detail());
        hold(entry, new Update().set("reply", OutboxEntry.ReplyState.FAILED).set("lastError", result.detail()));
        // Committed: left TRYING by a crash, the refused token would be taken for this reply's own, and the message lost.
        durable.commit();
        expect(entry.id(), entry.attempts() - 1, clock.instant());
        return SETTLED;
    }

    /**
     * Waits for the endpoint's rate limit: briefly in this thread, or — when the wait is longer than a poll
     * (broadcast's 60 an hour) — by putting the entry back, due when a request may go again.
     *
     * @return true when a request may go now; false when the entry was put back
     */
    private boolean awaitToken(OutboxEntry entry, Endpoint endpoint) {
        Duration wait = limiter.acquire(endpoint, settings.pollInterval());
        if (wait.compareTo(settings.pollInterval()) > 0) {
            Instant dueAt = clock.instant().plus(wait);
            hold(entry, new Update().set("dueAt", dueAt));
            expect(entry.id(), entry.attempts() - 1, dueAt);
            meters.counter("sanphalang.outbox.throttled", "endpoint", endpoint.name().toLowerCase(Locale.ROOT)).increment();
            return false;
        }
        // Its own moment, kept for it: a few senders make all of a fan-out's pushes, and each waits once per push
        // for exactly its turn (a sleep of a whole millisecond or more, as before, would leave LINE's rate unused).
        long until = System.nanoTime() + wait.toNanos();
        for (long left = wait.toNanos(); left > 0; left = until - System.nanoTime()) {
            LockSupport.parkNanos(left);
            if (Thread.currentThread().isInterrupted()) {
                hold(entry, new Update());
                return false;
            }
        }
        return true;
    }

    private void outcome(OutboxEntry entry, String via, LineSender.Result result) {
        switch (result.kind()) {
            case ACCEPTED, ALREADY_ACCEPTED -> sent(entry, via);
            case PERMANENT -> dead(entry, result.detail());
            case QUOTA_EXHAUSTED -> quotaExhausted(entry, result);
            case RATE_LIMITED, TRANSIENT -> retry(entry, result);
        }
    }

    /**
     * Not a failure of this message, so not retried as one (it would be dead-lettered within the hour): all paid
     * sends pause until the quota renews or an officer resumes them, and this message waits, still PENDING.
     */
    private void quotaExhausted(OutboxEntry entry, LineSender.Result result) {
        Instant now = clock.instant();
        pause.pause(now, result.detail()).ifPresent(until -> {
            log.warn("LINE says this month's messages are used up ({}): pushes paused until {} or until an officer "
                    + "resumes them; replies still go", result.detail(), until);
            meters.counter("sanphalang.outbox.quota.exhausted").increment();
            events.publishEvent(new PushQuotaExhausted(now, until));
        });
        // Unless an earlier push (firstPushAt here) left the key in doubt — it was made, and its answer was not a
        // clear refusal — LINE refused this key outright, so its 24 hours have not started: hold clears the start
        // the lease stored, and a pause of days does not dead-letter the message for an expired key.
        hold(entry, new Update().set("lastError", result.detail()));
    }

    /**
     * Puts the entry back to PENDING without counting this as an attempt: it was not the message's fault. The start
     * of the retry key's 24 hours, stored by the lease, is cleared unless a push was made before this lease.
     */
    private void hold(OutboxEntry entry, Update update) {
        if (entry.firstPushAt() == null) {
            update.unset("firstPushAt");
        }
        settle(entry, update.set("status", OutboxEntry.Status.PENDING).inc("attempts", -1).unset("leaseUntil"));
    }

    private void retry(OutboxEntry entry, LineSender.Result result) {
        if (entry.attempts() >= settings.maxAttempts()) {
            dead(entry, "gave up after " + entry.attempts() + " attempts: " + result.detail());
            return;
        }
        Duration wait = result.retryAfter() != null ? result.retryAfter() : backoff(entry.attempts());
        Instant dueAt = clock.instant().plus(wait);
        settle(entry, new Update().set("status", OutboxEntry.Status.PENDING).set("dueAt", dueAt)
                .set("lastError", result.detail()).unset("leaseUntil"));
        expect(entry.id(), entry.attempts(), dueAt);
        meters.counter("sanphalang.outbox.retried", "reason", result.kind().name().toLowerCase(Locale.ROOT)).increment();
    }

    /** Exponential with full jitter, so many failed messages do not all come back at the same instant. */
    private Duration backoff(int attempts) {
        long base = settings.retryBackoff().toMillis() * (1L << Math.min(attempts - 1, 20));
        long capped = Math.min(base, settings.maxBackoff().toMillis());
        return Duration.ofMillis(capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1));
    }

    /**
     * Records LINE's answer. While the senders run, an acceptance — nearly every answer — is handed to the recorder,
     * which writes those that came in meanwhile together; the HTTP client's thread is free again at once, instead of
     * waiting for the store (up to a write per thread while a fan-out's answers come in). {@code wait}: the caller
     * waits for the answer anyway ({@link #sendNext}), recorded on its thread.
     */
    private CompletableFuture<Void> record(OutboxEntry entry, String via, LineSender.Result result, boolean wait) {
        if (result.kind() == LineSender.Kind.ACCEPTED || result.kind() == LineSender.Kind.ALREADY_ACCEPTED) {
            return recordSent(entry, via, wait);
        }
        outcome(entry, via, result);
        return SETTLED;
    }

    /** An acceptance: handed to the recorder while the senders run and the caller does not wait, else written here. */
    private CompletableFuture<Void> recordSent(OutboxEntry entry, String via, boolean wait) {
        if (!wait) {
            CompletableFuture<Void> recorded = new CompletableFuture<>();
            if (recorder.hand(new Accepted(entry, via, recorded))) {
                return recorded;
            }
        }
        sent(entry, via);
        return SETTLED;
    }

    /** An acceptance handed to the recorder, and when it is written. */
    record Accepted(OutboxEntry entry, String via, CompletableFuture<Void> recorded) {
    }

    /** Writes the acceptances handed to it meanwhile as one group of settles, on a thread of its own. */
    private void recordAll(List<Accepted> batch) {
        try {
            changes.write(batch.stream().map(a -> new Change(a.entry(), sentUpdate(a.entry(), a.via()))).toList());
        } catch (RuntimeException | Error e) {
            // Each call's room is given back either way; the entries' leases run out and they are pushed again under
            // their retry keys, which LINE answers 409 (counted as sent).
            batch.forEach(a -> a.recorded().completeExceptionally(e));
            throw e;
        }
        for (Accepted a : batch) {
            countSent(a.entry(), a.via());
            a.recorded().complete(null);
        }
    }

    private void sent(OutboxEntry entry, String via) {
        settle(entry, sentUpdate(entry, via));
        countSent(entry, via);
    }

    private void countSent(OutboxEntry entry, String via) {
        meters.counter("sanphalang.outbox.sent", "via", via, "purpose", entry.purpose()).increment();
    }

    private static Update sentUpdate(OutboxEntry entry, String via) {
        // no sentAt here: it is the time the group of settles is written (changeTogether), so alike ones are one update.
        // The messages go: a sent entry is kept (sent-retention) for its key and delivery reports, which read neither
        // them nor anything personal in them, and the embedded store reads every kept entry in each sweep and count.
        Update sent = new Update().set("status", OutboxEntry.Status.SENT).set("via", via).unset("leaseUntil").unset("replyToken")
                .unset("messages").unset("contentId");
        if (entry.firstPushAt() == null && via.equals("reply")) {
            sent.unset("firstPushAt"); // stored by the lease, but never pushed
        }
        return sent;
    }

    private void dead(OutboxEntry entry, String why) {
        log.warn("Message {} ({}) to {} dead-lettered: {}", entry.id(), entry.purpose(), entry.target(), why);
        settle(entry, new Update().set("status", OutboxEntry.Status.DEAD).set("lastError", why).unset("leaseUntil"));
        meters.counter("sanphalang.outbox.deadlettered", "purpose", entry.purpose()).increment();
    }

    /** Changes an entry this sender still holds. */
    private void mark(OutboxEntry entry, Update update) {
        held(entry, update);
    }

    /**
     * Final state of this attempt; on the embedded store it also writes the lease, held until now. Not committed at
     * once there (its background commit follows within about a second): exactly-once does not rest on it — a push lost
     * here is repeated with the same retry key after a restart and LINE answers 409 (counted as sent), and a reply was
     * recorded TRYING, committed, before it was made.
     * A commit per message was the fan-out's limit: every MVStore commit rewrites the changed pages, ~110 a second
     * (bench/RESULTS.md). On MongoDB the update itself is written with majority + journal.
     */
    private void settle(OutboxEntry entry, Update update) {
        held(entry, update);
    }

    /** Applies the update only while this sender still holds the lease it took. */
    private void held(OutboxEntry entry, Update update) {
        changes.write(List.of(new Change(entry, update)));
    }

    /** A change of an entry this sender holds. */
    record Change(OutboxEntry entry, Update update) {

        /** Whether it marks the entry sent, which then gets the time the change is written as its sentAt. */
        boolean marksSent() {
            return status() == OutboxEntry.Status.SENT;
        }

        /** Whether it takes the entry out of the backlog: sent, or dead-lettered. */
        boolean closes() {
            return status() == OutboxEntry.Status.SENT || status() == OutboxEntry.Status.DEAD;
        }

        private Object status() {
            Document set = update.getUpdateObject().get("$set", Document.class);
            return set != null ? set.get("status") : null;
        }
    }

    /**
     * The changes asked for while the previous group was written: those that are the same update (most are "sent via
     * push") with one compare-and-set of them all, each only while its sender still holds the lease it took.
     *
     * @return per change, how many entries the write it went in updated
     */
    private List<Long> changeTogether(List<Change> asked) {
        Instant now = clock.instant();
        Map<Document, List<Change>> alike = new LinkedHashMap<>();
        for (Change change : asked) {
            if (change.marksSent()) {
                change.update().set("sentAt", now);
            }
            alike.computeIfAbsent(change.update().getUpdateObject(), u -> new ArrayList<>()).add(change);
        }
        Map<Change, Long> updated = new IdentityHashMap<>();
        for (List<Change> same : alike.values()) {
            List<Expected> expected = same.stream()
                    .map(c -> new Expected(c.entry().id(), OutboxEntry.Status.SENDING, c.entry().attempts())).toList();
            long count = queries.compareAndUpdateAll(mongo, OutboxEntry.class, expected, same.get(0).update());
            if (same.get(0).closes()) {
                open.closed(count);
            }
            same.forEach(c -> updated.put(c, count));
        }
        return asked.stream().map(updated::get).toList();
    }

    /**
     * Deletes sent messages past their retention: the embedded store reads whole collections for most queries, and
     * MongoDB needs no history of what LINE accepted long ago. Dead letters stay for an operator.
     */
    @org.springframework.scheduling.annotation.Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT5M")
    public long purgeSent() {
        long removed = mongo.remove(new Query(where("status").is(OutboxEntry.Status.SENT)
                .and("sentAt").lt(clock.instant().minus(settings.sentRetention()))), OutboxEntry.class).getDeletedCount();
        if (removed > 0) {
            log.info("Removed {} messages sent more than {} ago", removed, settings.sentRetention());
        }
        // Contents stored once for many entries go when none of them needs them: sent entries dropped theirs.
        List<String> named = mongo.findDistinct(new Query(where("status").in(OutboxEntry.Status.PENDING, OutboxEntry.Status.SENDING,
                OutboxEntry.Status.DEAD).and("contentId").exists(true)), "contentId", OutboxEntry.class, String.class);
        long unused = contents.purgeUnused(named);
        if (unused > 0) {
            log.info("Removed {} shared message contents no unsent message names", unused);
        }
        // Once per start: entries sent since then never keep their messages (sent()).
        if (messagesDropped.compareAndSet(false, true)) {
            long dropped = dropMessagesOfSent();
            if (dropped > 0) {
                log.info("Dropped the messages of {} sent entries stored by an earlier version", dropped);
            }
        }
        return removed;
    }

    /**
     * Drops the messages that sent entries stored by earlier versions still hold (they kept them for the retention).
     *
     * @return how many entries had them
     */
    public long dropMessagesOfSent() {
        return mongo.updateMulti(new Query(where("status").is(OutboxEntry.Status.SENT).and("messages").exists(true)),
                new Update().unset("messages"), OutboxEntry.class).getModifiedCount();
    }

    long count(OutboxEntry.Status status) {
        return queries.count(mongo, new Query(where("status").is(status)), OutboxEntry.COLLECTION);
    }

    @Override
    public void start() {
        recorder.start();
        threads.start();
    }

    @Override
    public void stop() {
        threads.stop();
        // Calls already made are answered within the call timeout: their answers are recorded before the store closes.
        try {
            if (calls.tryAcquire(settings.callsInFlight(), settings.callTimeout().plusSeconds(1).toMillis(), TimeUnit.MILLISECONDS)) {
                calls.release(settings.callsInFlight());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        recorder.stop();
    }

    @Override
    public boolean isRunning() {
        return threads.isRunning();
    }

    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 2048;
    }
}
