package org.sanphalang.broadcast;

import static org.springframework.data.mongodb.core.query.Criteria.where;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.sanphalang.audit.AuditLog;
import org.sanphalang.flex.FlexTemplates;
import org.sanphalang.flex.ThaiDates;
import org.sanphalang.groups.Groups;
import org.sanphalang.officers.Area;
import org.sanphalang.officers.Officer;
import org.sanphalang.officers.Officers;
import org.sanphalang.outbound.DeliveryReports;
import org.sanphalang.outbound.Outbox;
import org.sanphalang.outbound.OutgoingMessage;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Prepares, sends and reports broadcasts. Sending is keyed per (broadcast, group): confirming twice sends once. */
@Component
public class Broadcasts {

    private final MongoTemplate mongo;
    private final Groups groups;
    private final Outbox outbox;
    private final DeliveryReports reports;
    private final FlexTemplates flex;
    private final AuditLog audit;
    private final Officers officers;
    private final Clock clock;

    Broadcasts(MongoTemplate mongo, Groups groups, Outbox outbox, DeliveryReports reports, FlexTemplates flex, AuditLog audit,
               Officers officers, Clock clock) {
        this.officers = officers;
        this.mongo = mongo;
        this.groups = groups;
        this.outbox = outbox;
        this.reports = reports;
        this.flex = flex;
        this.audit = audit;
        this.clock = clock;
    }

    /** Registered, active groups of the segment inside the officer's area. */
    public List<Groups.Recipient> recipients(Area area, Broadcast.Segment segment) {
        Broadcast.Segment s = segment == null ? new Broadcast.Segment(null, null, null, null) : segment;
        return groups.liveRecipients().stream()
                .filter(g -> g.within(area))
                .filter(g -> s.product() == null || (g.products() != null && g.products().contains(s.product())))
                .filter(g -> s.tambon() == null || s.tambon().equals(g.tambon()))
                .filter(g -> s.village() == null || s.village().equals(g.village()))
                .filter(g -> s.lineGroupIds() == null || s.lineGroupIds().isEmpty() || s.lineGroupIds().contains(g.id()))
                .toList();
    }

    /** A broadcast waiting for the officer's confirmation (from LINE), or scheduled / sent at once (from the API). */
    public Broadcast create(Officer officer, Area area, String title, String text, Broadcast.Segment segment, Instant sendAt,
                            Broadcast.Status status) {
        List<Groups.Recipient> to = recipients(area, segment);
        int charged = to.stream().mapToInt(g -> g.memberCount() == null ? 1 : Math.max(1, g.memberCount())).sum();
        Broadcast broadcast = new Broadcast(UUID.randomUUID().toString(), title, text, segment,
                to.stream().map(Groups.Recipient::id).toList(), charged, officer.username(), clock.instant(), sendAt, status, null);
        mongo.insert(broadcast);
        audit.record(officer.username(), "broadcast.created", broadcast.id(),
                Map.of("recipients", Integer.toString(to.size()), "status", status.name()));
        if (status == Broadcast.Status.SCHEDULED && (sendAt == null || !sendAt.isAfter(clock.instant()))) {
            send(broadcast.id(), officer);
        }
        return mongo.findById(broadcast.id(), Broadcast.class);
    }

    /** Sends a broadcast once: only the caller that moves it out of PREVIEW/SCHEDULED enqueues the pushes. */
    public Optional<Broadcast> send(String id, Officer officer) {
        Broadcast claimed = mongo.findAndModify(new Query(where("_id").is(id).and("status").in(Broadcast.Status.PREVIEW, Broadcast.Status.SCHEDULED)),
                new Update().set("status", Broadcast.Status.SENT).set("sentAt", clock.instant()),
                FindAndModifyOptions.options().returnNew(true), Broadcast.class);
        if (claimed == null) {
            return Optional.empty();
        }
        Map<String, Object> v = new HashMap<>();
        v.put("title", claimed.title() == null ? "ประกาศจากเจ้าหน้าที่" : claimed.title());
        v.put("body", claimed.text());
        v.put("sender", officer.displayName() == null ? officer.username() : officer.displayName());
        v.put("date", ThaiDates.date(clock.instant(), clock.getZone()));
        var card = flex.render("broadcast-card", v);
        outbox.enqueueAll(claimed.recipients().stream()
                .map(groupId -> OutgoingMessage.push(keyPrefix(id) + groupId, groupId, "broadcast", List.of(card))).toList());
        audit.record(officer.username(), "broadcast.sent", id, Map.of("recipients", Integer.toString(claimed.recipients().size())));
        return Optional.of(claimed);
    }

    public boolean cancel(String id, String username) {
        boolean cancelled = mongo.updateFirst(new Query(where("_id").is(id).and("status").in(Broadcast.Status.PREVIEW, Broadcast.Status.SCHEDULED)
                .and("createdBy").is(username)), new Update().set("status", Broadcast.Status.CANCELLED), Broadcast.class).getModifiedCount() == 1;
        if (cancelled) {
            audit.record(username, "broadcast.cancelled", id, Map.of());
        }
        return cancelled;
    }

    public Optional<Broadcast> find(String id) {
        return Optional.ofNullable(mongo.findById(id, Broadcast.class));
    }

    public DeliveryReports.Report report(String id) {
        return reports.byKeyPrefix(keyPrefix(id));
    }

    /** Scheduled broadcasts whose time has come (any instance may find them; {@link #send} lets one through). */
    @Scheduled(fixedDelayString = "${sanphalang.broadcast.poll-interval:PT30S}")
    void sendDue() {
        for (Broadcast due : mongo.find(new Query(where("status").is(Broadcast.Status.SCHEDULED).and("sendAt").lte(clock.instant())),
                Broadcast.class)) {
            officers.find(due.createdBy()).ifPresent(sender -> send(due.id(), sender));
        }
    }

    static String keyPrefix(String id) {
        return "broadcast:" + id + ":";
    }

}
