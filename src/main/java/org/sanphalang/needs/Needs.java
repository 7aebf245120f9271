package org.sanphalang.needs;

import static org.springframework.data.mongodb.core.query.Criteria.where;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.linecorp.bot.messaging.model.FlexMessage;
import org.sanphalang.checkin.MessageUnsent;
import org.sanphalang.checkin.NeedReported;
import org.sanphalang.checkin.OpenNeeds;
import org.sanphalang.flex.FlexTemplates;
import org.sanphalang.outbound.Outbox;
import org.sanphalang.outbound.OutgoingMessage;
import org.springframework.context.MessageSource;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.aggregation.Aggregation;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/** Records needs, tracks their status, and tells the group at each step. */
@Component
public class Needs implements OpenNeeds {

    static final Locale THAI = Locale.forLanguageTag("th");

    private final MongoTemplate mongo;
    private final FlexTemplates flex;
    private final Outbox outbox;
    private final MessageSource texts;
    private final Clock clock;

    Needs(MongoTemplate mongo, FlexTemplates flex, Outbox outbox, MessageSource texts, Clock clock) {
        this.mongo = mongo;
        this.flex = flex;
        this.outbox = outbox;
        this.texts = texts;
        this.clock = clock;
    }

    @EventListener
    void on(NeedReported reported) {
        Need need = new Need("n" + reported.messageId(), reported.groupId(), reported.lineUserId(), reported.messageId(),
                reported.at(), reported.text(), reported.category(), Agency.usualFor(reported.category()), reported.product(),
                Need.Priority.MEDIUM, Need.Status.OPEN, reported.lineUserId() == null ? List.of() : List.of(reported.lineUserId()),
                List.of(new Need.Change(reported.at(), "line:" + reported.lineUserId(), Need.Status.OPEN, Need.Priority.MEDIUM,
                        Agency.usualFor(reported.category()), null)));
        try {
            mongo.insert(need);
        } catch (DuplicateKeyException retried) {
            need = mongo.findById(need.id(), Need.class);
        }
        outbox.enqueue(OutgoingMessage.reply("need:" + reported.eventKey(), reported.groupId(), reported.replyToken(),
                reported.at(), "need-status", List.of(card(need, null))));
    }

    @EventListener
    void on(MessageUnsent unsent) {
        mongo.remove(new Query(where("_id").is("n" + unsent.messageId()).and("groupId").is(unsent.groupId())), Need.class);
    }

    /** A member adds their voice; counts each person once. */
    Optional<Need> plusOne(String needId, String groupId, String lineUserId) {
        return Optional.ofNullable(mongo.findAndModify(new Query(where("_id").is(needId).and("groupId").is(groupId)),
                new Update().addToSet("plusOnes", lineUserId), FindAndModifyOptions.options().returnNew(true), Need.class));
    }

    /** An officer's change, announced to the group by push (there is no event to reply to). */
    public Optional<Need> change(String needId, String officer, Need.Status status, Need.Priority priority, Agency agency, String note) {
        Need before = mongo.findById(needId, Need.class);
        if (before == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Update update = new Update().push("history", new Need.Change(now, officer, status, priority, agency, note));
        if (status != null) {
            update.set("status", status);
        }
        if (priority != null) {
            update.set("priority", priority);
        }
        if (agency != null) {
            update.set("agency", agency);
        }
        Need after = mongo.findAndModify(new Query(where("_id").is(needId)), update, FindAndModifyOptions.options().returnNew(true), Need.class);
        if (after != null && (status != null || agency != null || note != null)) {
            outbox.enqueue(OutgoingMessage.push("need-change:" + needId + ":" + after.history().size(), after.groupId(), "need-status",
                    List.of(card(after, note))));
        }
        return Optional.ofNullable(after);
    }

    public List<Need> list(Need.Status status) {
        Query query = status == null ? new Query() : new Query(where("status").is(status));
        return mongo.find(query.with(Sort.by(Sort.Direction.DESC, "at")), Need.class);
    }

    public Optional<Need> find(String id) {
        return Optional.ofNullable(mongo.findById(id, Need.class));
    }

    @Override
    public long count(String groupId) {
        return mongo.count(new Query(where("groupId").is(groupId).and("status").ne(Need.Status.RESOLVED)), Need.class);
    }

    @Override
    public Map<String, Long> counts(Collection<String> groupIds) {
        Aggregation perGroup = Aggregation.newAggregation(
                Aggregation.match(where("groupId").in(groupIds).and("status").ne(Need.Status.RESOLVED)),
                Aggregation.group("groupId").count().as("n"));
        Map<String, Long> counts = new HashMap<>();
        for (org.bson.Document row : mongo.aggregate(perGroup, Need.class, org.bson.Document.class)) {
            counts.put(row.getString("_id"), ((Number) row.get("n")).longValue());
        }
        return counts;
    }

    @Override
    public List<String> describe(String groupId, int limit) {
        List<String> out = new ArrayList<>();
        for (Need need : mongo.find(new Query(where("groupId").is(groupId).and("status").ne(Need.Status.RESOLVED))
                .with(Sort.by(Sort.Direction.DESC, "at")).limit(limit), Need.class)) {
            String text = need.text().length() > 60 ? need.text().substring(0, 60) + "…" : need.text();
            out.add(text + " (" + texts.getMessage("need.status." + need.status(), null, THAI) + ")");
        }
        return out;
    }

    /** Unresolved needs of these groups, counted by the agency they are with (for officers' rollups). */
    public Map<Agency, Long> openByAgency(java.util.Collection<String> groupIds) {
        Map<Agency, Long> counts = new java.util.EnumMap<>(Agency.class);
        if (groupIds.isEmpty()) {
            return counts;
        }
        for (Need need : mongo.find(new Query(where("groupId").in(groupIds).and("status").ne(Need.Status.RESOLVED)), Need.class)) {
            if (need.agency() != null) {
                counts.merge(need.agency(), 1L, Long::sum);
            }
        }
        return counts;
    }

    FlexMessage card(Need need, String note) {
        Map<String, Object> v = new HashMap<>();
        v.put("needId", need.id());
        v.put("need", need.text());
        v.put("category", texts.getMessage("need.category." + need.category(), null, THAI));
        v.put("agency", texts.getMessage("agency." + need.agency(), null, THAI));
        v.put("status", texts.getMessage("need.status." + need.status(), null, THAI));
        v.put("note", note);
        v.put("updatedAt", DateTimeFormatter.ofPattern("d/M/yyyy HH:mm").withZone(clock.getZone()).format(clock.instant()));
        return flex.render("need-status", v);
    }

    public String agencyName(Agency agency) {
        return texts.getMessage("agency." + agency, null, THAI);
    }
}
