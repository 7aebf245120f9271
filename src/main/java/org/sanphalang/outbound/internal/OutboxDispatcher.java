package org.sanphalang.outbound.internal;

import static org.springframework.data.mongodb.core.query.Criteria.where;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.bot.jackson.ModelObjectMapper;
import com.linecorp.bot.messaging.model.Message;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.sanphalang.outbound.OutboundSettings;
import org.sanphalang.store.DurableWrites;
import org.sanphalang.store.WorkerThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
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
 * still TRYING knows its predecessor died mid-call and replies again with the same token: LINE accepts it
 * if the first never arrived, and refuses a used token otherwise — which then counts as sent.</li>
 * </ul>
 */
@Component
public class OutboxDispatcher implements SmartLifecycle {

    public static final TypeReference<List<Message>> MESSAGE_LIST = new TypeReference<>() {
    };

    private static final Logger log = LoggerFactory.getLogger(OutboxDispatcher.class);

    private final MongoTemplate mongo;
    private final DurableWrites durable;
    private final LineSender sender;
    private final OutboundSettings settings;
    private final Clock clock;
    private final MeterRegistry meters;
    private final WorkerThreads threads;
    private final ObjectMapper lineJson = ModelObjectMapper.createNewObjectMapper();

    OutboxDispatcher(MongoTemplate mongo, DurableWrites durable, LineSender sender, OutboundSettings settings,
                     Clock clock, MeterRegistry meters) {
        this.mongo = mongo;
        this.durable = durable;
        this.sender = sender;
        this.settings = settings;
        this.clock = clock;
        this.meters = meters;
        this.threads = new WorkerThreads("outbox", settings.workers(), settings.pollInterval(), this::sendNext);
        mongo.indexOps(OutboxEntry.class).createIndex(new Index().on("status", Sort.Direction.ASC).on("dueAt", Sort.Direction.ASC));
        Gauge.builder("sanphalang.outbox.backlog", this, OutboxDispatcher::backlog)
                .description("Messages waiting to be sent").register(meters);
        Gauge.builder("sanphalang.outbox.dead", this, d -> d.count(OutboxEntry.Status.DEAD))
                .description("Messages LINE refused for good (dead-lettered)").register(meters);
    }

    public void wake() {
        threads.wake();
    }

    /** @return whether a message was due */
    public boolean sendNext() {
        Optional<OutboxEntry> claimed = claim();
        claimed.ifPresent(this::deliver);
        return claimed.isPresent();
    }

    private Optional<OutboxEntry> claim() {
        Instant now = clock.instant();
        Query due = new Query(new Criteria().orOperator(
                where("status").is(OutboxEntry.Status.PENDING).and("dueAt").lte(now),
                where("status").is(OutboxEntry.Status.SENDING).and("leaseUntil").lt(now)))
                .with(Sort.by("dueAt"));
        Update lease = new Update().set("status", OutboxEntry.Status.SENDING)
                .set("leaseUntil", now.plus(settings.lease())).inc("attempts", 1);
        return Optional.ofNullable(mongo.findAndModify(due, lease, FindAndModifyOptions.options().returnNew(true), OutboxEntry.class));
    }

    private void deliver(OutboxEntry entry) {
        Instant now = clock.instant();
        List<Message> messages;
        try {
            messages = lineJson.readValue(entry.messages(), MESSAGE_LIST);
        } catch (IOException e) {
            dead(entry, "unreadable message: " + e.getMessage());
            return;
        }
        if (tryReply(entry, messages, now)) {
            return;
        }
        if (entry.firstPushAt() != null && now.isAfter(entry.firstPushAt().plus(settings.retryKeyLifetime()))) {
            // LINE forgets a retry key after 24 hours; a new key could deliver the message a second time.
            dead(entry, "not accepted within the retry key's lifetime of " + settings.retryKeyLifetime());
            return;
        }
        if (entry.firstPushAt() == null) {
            mark(entry, new Update().set("firstPushAt", now));
        }
        outcome(entry, "push", sender.push(entry.retryKey(), entry.to(), messages));
    }

    /** @return true when the entry is settled by the reply (sent, or known to have been sent) */
    private boolean tryReply(OutboxEntry entry, List<Message> messages, Instant now) {
        OutboxEntry.ReplyState state = entry.reply();
        boolean fresh = entry.replyDeadline() != null && now.isBefore(entry.replyDeadline());
        if (state != OutboxEntry.ReplyState.READY && state != OutboxEntry.ReplyState.TRYING) {
            return false;
        }
        if (!fresh) {
            mark(entry, new Update().set("reply", OutboxEntry.ReplyState.FAILED));
            return false;
        }
        boolean resumed = state == OutboxEntry.ReplyState.TRYING;
        mark(entry, new Update().set("reply", OutboxEntry.ReplyState.TRYING));
        durable.commit();
        LineSender.Result result = sender.reply(entry.replyToken(), messages);
        if (result.accepted() || (resumed && result.invalidReplyToken())) {
            sent(entry, "reply");
            return true;
        }
        log.debug("Reply for {} not accepted ({}); pushing instead", entry.id(), result.detail());
        mark(entry, new Update().set("reply", OutboxEntry.ReplyState.FAILED));
        return false;
    }

    private void outcome(OutboxEntry entry, String via, LineSender.Result result) {
        switch (result.kind()) {
            case ACCEPTED, ALREADY_ACCEPTED -> sent(entry, via);
            case PERMANENT -> dead(entry, result.detail());
            case RATE_LIMITED, QUOTA_EXHAUSTED, TRANSIENT -> retry(entry, result);
        }
    }

    private void retry(OutboxEntry entry, LineSender.Result result) {
        if (entry.attempts() >= settings.maxAttempts()) {
            dead(entry, "gave up after " + entry.attempts() + " attempts: " + result.detail());
            return;
        }
        Duration wait = result.retryAfter() != null ? result.retryAfter() : backoff(entry.attempts());
        settle(entry, new Update().set("status", OutboxEntry.Status.PENDING).set("dueAt", clock.instant().plus(wait))
                .set("lastError", result.detail()).unset("leaseUntil"));
        meters.counter("sanphalang.outbox.retried", "reason", result.kind().name().toLowerCase()).increment();
    }

    /** Exponential with full jitter, so many failed messages do not all come back at the same instant. */
    private Duration backoff(int attempts) {
        long base = settings.retryBackoff().toMillis() * (1L << Math.min(attempts - 1, 20));
        long capped = Math.min(base, settings.maxBackoff().toMillis());
        return Duration.ofMillis(capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1));
    }

    private void sent(OutboxEntry entry, String via) {
        settle(entry, new Update().set("status", OutboxEntry.Status.SENT).set("sentAt", clock.instant()).set("via", via)
                .unset("leaseUntil").unset("replyToken"));
        meters.counter("sanphalang.outbox.sent", "via", via, "purpose", entry.purpose()).increment();
    }

    private void dead(OutboxEntry entry, String why) {
        log.warn("Message {} ({}) to {} dead-lettered: {}", entry.id(), entry.purpose(), entry.to(), why);
        settle(entry, new Update().set("status", OutboxEntry.Status.DEAD).set("lastError", why).unset("leaseUntil"));
        meters.counter("sanphalang.outbox.deadlettered", "purpose", entry.purpose()).increment();
    }

    /** Changes an entry this sender still holds. */
    private void mark(OutboxEntry entry, Update update) {
        mongo.updateFirst(held(entry), update, OutboxEntry.class);
    }

    /** Final state of this attempt, durably: a sent message must not be sent again after a crash. */
    private void settle(OutboxEntry entry, Update update) {
        mongo.updateFirst(held(entry), update, OutboxEntry.class);
        durable.commit();
    }

    private static Query held(OutboxEntry entry) {
        return new Query(where("_id").is(entry.id()).and("status").is(OutboxEntry.Status.SENDING).and("attempts").is(entry.attempts()));
    }

    long backlog() {
        return mongo.count(new Query(where("status").in(OutboxEntry.Status.PENDING, OutboxEntry.Status.SENDING)), OutboxEntry.class);
    }

    long count(OutboxEntry.Status status) {
        return mongo.count(new Query(where("status").is(status)), OutboxEntry.class);
    }

    @Override
    public void start() {
        threads.start();
    }

    @Override
    public void stop() {
        threads.stop();
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
