package org.sanphalang.needs;

import java.security.Principal;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.linecorp.bot.messaging.model.Message;
import com.linecorp.bot.messaging.model.TextMessage;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.sanphalang.audit.AuditLog;
import org.sanphalang.groups.Groups;
import org.sanphalang.groups.LineGroup;
import org.sanphalang.officers.Area;
import org.sanphalang.officers.Officers;
import org.sanphalang.outbound.Outbox;
import org.sanphalang.outbound.OutgoingMessage;
import org.springframework.context.MessageSource;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The needs board and the support log for officers, limited to the groups in their area. */
@RestController
class NeedsController {

    private final Needs needs;
    private final Groups groups;
    private final Officers officers;
    private final Outbox outbox;
    private final MongoTemplate mongo;
    private final AuditLog audit;
    private final MessageSource texts;
    private final Clock clock;

    NeedsController(Needs needs, Groups groups, Officers officers, Outbox outbox, MongoTemplate mongo, AuditLog audit,
                    MessageSource texts, Clock clock) {
        this.needs = needs;
        this.groups = groups;
        this.officers = officers;
        this.outbox = outbox;
        this.mongo = mongo;
        this.audit = audit;
        this.texts = texts;
        this.clock = clock;
    }

    @GetMapping("/api/v1/needs")
    List<Need> board(@RequestParam(required = false) Need.Status status, @RequestParam(required = false) Agency agency) {
        Area area = officers.currentArea();
        return needs.list(status).stream().filter(n -> agency == null || n.agency() == agency)
                .filter(n -> inArea(area, n.groupId())).toList();
    }

    record NeedChange(Need.Status status, Need.Priority priority, Agency agency, @Size(max = 1000) String note) {
    }

    @PatchMapping("/api/v1/needs/{id}")
    ResponseEntity<Object> change(@PathVariable String id, @Valid @RequestBody NeedChange body, Principal officer) {
        Area area = officers.currentArea();
        Optional<Need> need = needs.find(id).filter(n -> inArea(area, n.groupId()));
        if (need.isEmpty()) {
            return notFound("No such need");
        }
        Need changed = needs.change(id, officer.getName(), body.status(), body.priority(), body.agency(), body.note()).orElseThrow();
        audit.record(officer.getName(), "need.changed", id, Map.of("status", String.valueOf(changed.status()),
                "agency", String.valueOf(changed.agency()), "priority", String.valueOf(changed.priority())));
        return ResponseEntity.ok(changed);
    }

    record NewSupport(@NotBlank @Size(max = 64) String lineGroupId, @NotBlank @Size(max = 500) String what,
                      @NotNull Agency agency, @NotBlank @Size(max = 1000) String reason, @Size(max = 64) String needId) {
    }

    /**
     * Records support given to a group and tells every registered group in the same amphoe what was given to whom
     * and why — the officers' own rule, so no group wonders why another was chosen.
     */
    @PostMapping("/api/v1/support")
    ResponseEntity<Object> support(@Valid @RequestBody NewSupport body, Principal officer) {
        Area area = officers.currentArea();
        Optional<LineGroup> group = groups.find(body.lineGroupId(), area);
        if (group.isEmpty()) {
            return notFound("No such group");
        }
        List<Groups.Recipient> told = groups.liveRecipients().stream()
                .filter(g -> java.util.Objects.equals(g.amphoe(), group.get().amphoe())).toList();
        SupportRecord record = new SupportRecord(UUID.randomUUID().toString(), group.get().id(), group.get().displayName(),
                body.what(), body.agency(), body.reason(), body.needId(), officer.getName(), clock.instant(),
                group.get().amphoe(), group.get().tambon(), told.size());
        mongo.insert(record);
        String text = texts.getMessage("support.announcement", new Object[]{group.get().displayName(), body.what(),
                needs.agencyName(body.agency()), body.reason()}, Locale.forLanguageTag("th"));
        outbox.enqueueAll(told.stream().map(g -> OutgoingMessage.push("support:" + record.id() + ":" + g.id(), g.id(),
                "support-announcement", List.<Message>of(new TextMessage(text)))).toList());
        audit.record(officer.getName(), "support.recorded", group.get().id(),
                Map.of("what", body.what(), "agency", body.agency().name(), "groupsTold", Integer.toString(told.size())));
        return ResponseEntity.status(HttpStatus.CREATED).body(record);
    }

    @GetMapping("/api/v1/support")
    List<SupportRecord> supportLog() {
        Area area = officers.currentArea();
        return mongo.find(new Query().with(Sort.by(Sort.Direction.DESC, "at")), SupportRecord.class).stream()
                .filter(s -> area.covers(s.amphoe(), s.tambon())).toList();
    }

    private boolean inArea(Area area, String groupId) {
        return groups.find(groupId, area).isPresent();
    }

    private static ResponseEntity<Object> notFound(String message) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "not_found", "message", message));
    }
}
