package org.sanphalang.schedule;

import static org.springframework.data.mongodb.core.query.Criteria.where;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.bot.jackson.ModelObjectMapper;
import com.linecorp.bot.messaging.model.Message;
import org.sanphalang.checkin.CheckInActivity;
import org.sanphalang.checkin.CheckInLogged;
import org.sanphalang.checkin.Period;
import org.sanphalang.groups.Groups;
import org.sanphalang.groups.LineGroup;
import org.sanphalang.outbound.Outbox;
import org.sanphalang.outbound.OutgoingMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.annotation.Id;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * Every scheduled message leaves through here, keyed by (job, group or person, period) so it is enqueued once. In
 * quiet hours — or, for a reminder, on a holiday or busy day — it is kept in {@code schedule_deferred} and sent by the
 * housekeeping job once due; a deferred reminder is dropped if the group reports (or pauses reminders) meanwhile.
 */
@Component
class ScheduledSends {

    private static final Logger log = LoggerFactory.getLogger(ScheduledSends.class);
    private static final TypeReference<List<Message>> MESSAGES = new TypeReference<>() {
    };
    private static final Duration CLAIM = Duration.ofMinutes(5);

    enum Outcome { SENT, ALREADY_SENT, DEFERRED }

    enum Status { PENDING, CLAIMED, SENT, CANCELLED }

    /** A message held back; {@code groupId}/{@code period} are set for reminders, which are checked again before sending. */
    @Document("schedule_deferred")
    record DeferredSend(@Id String key, String to, String purpose, String messages, Instant dueAt, Status status,
                        String groupId, String period, String reason, Instant createdAt, Instant claimedAt) {
    }

    private final MongoTemplate mongo;
    private final Outbox outbox;
    private final SendWindow window;
    private final Groups groups;
    private final CheckInActivity activity;
    private final Clock clock;
    private final ObjectMapper lineJson = ModelObjectMapper.createNewObjectMapper();

    ScheduledSends(MongoTemplate mongo, Outbox outbox, SendWindow window, Groups groups, CheckInActivity activity, Clock clock) {
        this.mongo = mongo;
        this.outbox = outbox;
        this.window = window;
        this.groups = groups;
        this.activity = activity;
        this.clock = clock;
    }

    /** Sends now, or at the end of quiet hours. */
    Outcome send(String key, String to, String purpose, List<Message> messages) {
        return send(key, to, purpose, messages, clock.instant(), null, null, "quiet-hours");
    }

    /**
     * A reminder to a group about a period: waits for the group's next working day (keeping the time of day), and
     * then for the end of quiet hours.
     */
    Outcome remind(String key, LineGroup group, Period period, List<Message> messages, Instant firedAt) {
        LocalDate day = firedAt.atZone(clock.getZone()).toLocalDate();
        LocalDate working = window.workingDayFrom(group.id(), day);
        Instant notBefore = firedAt;
        String reason = "quiet-hours";
        if (!working.equals(day)) {
            LocalTime time = firedAt.atZone(clock.getZone()).toLocalTime();
            notBefore = working.atTime(time).atZone(clock.getZone()).toInstant();
            reason = "rest-day";
        }
        return send(key, group.id(), "nudge", messages, notBefore, group.id(), period.key(), reason);
    }

    private Outcome send(String key, String to, String purpose, List<Message> messages, Instant notBefore, String groupId,
                         String period, String reason) {
        Instant now = clock.instant();
        Instant due = window.notQuiet(notBefore.isAfter(now) ? notBefore : now);
        if (!due.isAfter(now)) {
            return outbox.enqueue(OutgoingMessage.push(key, to, purpose, messages)) ? Outcome.SENT : Outcome.ALREADY_SENT;
        }
        try {
            mongo.insert(new DeferredSend(key, to, purpose, json(messages), due, Status.PENDING, groupId, period, reason, now, null));
            return Outcome.DEFERRED;
        } catch (DuplicateKeyException alreadyDeferred) {
            return Outcome.ALREADY_SENT;
        }
    }

    /** Sends what has come due; returns how many were handed to the outbox. Safe on several instances at once. */
    int sendDue() {
        int sent = 0;
        DeferredSend item;
        while ((item = claimNext()) != null) {
            try {
                if (handle(item)) {
                    sent++;
                }
            } catch (RuntimeException e) {
                log.warn("Deferred message {} not sent yet: {}", item.key(), e.toString());
                mongo.updateFirst(new Query(where("_id").is(item.key())),
                        new Update().set("status", Status.PENDING).set("dueAt", clock.instant().plus(CLAIM)), DeferredSend.class);
            }
        }
        return sent;
    }

    private DeferredSend claimNext() {
        Instant now = clock.instant();
        Query due = new Query(new Criteria().orOperator(
                where("status").is(Status.PENDING).and("dueAt").lte(now),
                where("status").is(Status.CLAIMED).and("claimedAt").lt(now.minus(CLAIM)))).with(Sort.by("dueAt"));
        return mongo.findAndModify(due, new Update().set("status", Status.CLAIMED).set("claimedAt", now),
                FindAndModifyOptions.options().returnNew(true), DeferredSend.class);
    }

    private boolean handle(DeferredSend item) {
        Instant now = clock.instant();
        if (item.groupId() != null && item.period() != null) {
            LineGroup group = groups.find(item.groupId()).orElse(null);
            if (group == null || !group.registered() || !group.active() || group.nudgesPaused()
                    || activity.checkedIn(item.groupId(), Period.parse(item.period()))) {
                finish(item, Status.CANCELLED);
                return false;
            }
            LocalDate today = now.atZone(clock.getZone()).toLocalDate();
            if (window.isRestDay(item.groupId(), today)) {
                LocalTime time = item.dueAt().atZone(clock.getZone()).toLocalTime();
                later(item, window.notQuiet(window.workingDayFrom(item.groupId(), today).atTime(time).atZone(clock.getZone()).toInstant()));
                return false;
            }
        }
        if (window.isQuiet(now)) {
            later(item, window.notQuiet(now));
            return false;
        }
        List<Message> messages;
        try {
            messages = lineJson.readValue(item.messages(), MESSAGES);
        } catch (IOException e) {
            log.warn("Deferred message {} unreadable, dropped: {}", item.key(), e.getMessage());
            finish(item, Status.CANCELLED);
            return false;
        }
        boolean fresh = outbox.enqueue(OutgoingMessage.push(item.key(), item.to(), item.purpose(), messages));
        finish(item, Status.SENT);
        return fresh;
    }

    /** A group that reports no longer needs the reminder it was going to get. */
    @EventListener
    void on(CheckInLogged logged) {
        if (logged.cancelled() || logged.checkIn() == null) {
            return;
        }
        String groupId = logged.checkIn().groupId();
        Period week = Period.weekOf(logged.checkIn().at(), clock.getZone());
        mongo.updateMulti(new Query(where("groupId").is(groupId).and("period").is(week.key()).and("status").is(Status.PENDING)),
                new Update().set("status", Status.CANCELLED), DeferredSend.class);
    }

    long pending() {
        return mongo.count(new Query(where("status").in(Status.PENDING, Status.CLAIMED)), DeferredSend.class);
    }

    private void finish(DeferredSend item, Status status) {
        mongo.updateFirst(new Query(where("_id").is(item.key())), new Update().set("status", status), DeferredSend.class);
    }

    private void later(DeferredSend item, Instant due) {
        mongo.updateFirst(new Query(where("_id").is(item.key())),
                new Update().set("status", Status.PENDING).set("dueAt", due).unset("claimedAt"), DeferredSend.class);
    }

    private String json(List<Message> messages) {
        try {
            return lineJson.writerFor(MESSAGES).writeValueAsString(messages);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Message cannot be written as JSON", e);
        }
    }
}
