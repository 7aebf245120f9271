package org.sanphalang.groups;

import static org.springframework.data.mongodb.core.query.Criteria.where;

import java.security.Principal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.sanphalang.audit.AuditLog;
import org.sanphalang.officers.Area;
import org.sanphalang.officers.Officers;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Groups for officers. Every answer is limited to the officer's area: a group outside it is "not found",
 * never "forbidden", so its existence does not leak either.
 */
@RestController
class GroupsController {

    private final Groups groups;
    private final GroupRegistration registration;
    private final Officers officers;
    private final MongoTemplate mongo;
    private final AuditLog audit;

    GroupsController(Groups groups, GroupRegistration registration, Officers officers, MongoTemplate mongo, AuditLog audit) {
        this.groups = groups;
        this.registration = registration;
        this.officers = officers;
        this.mongo = mongo;
        this.audit = audit;
    }

    record GroupView(String lineGroupId, String name, String lineName, boolean registered, boolean active, String product,
                     List<String> products, String village, String tambon, String amphoe, String leader,
                     Integer memberCount, boolean nudgesPaused, Instant registeredAt) {
        static GroupView of(LineGroup g) {
            return new GroupView(g.id(), g.displayName(), g.lineName(), g.registered(), g.active(), g.product(),
                    g.products() == null ? List.of() : g.products(), g.village(), g.tambon(), g.amphoe(), g.leader(),
                    g.memberCount(), g.nudgesPaused(), g.registeredAt());
        }
    }

    record MemberView(String lineUserId, String displayName, boolean active, boolean leader, boolean nudgesOff, Instant lastSeenAt) {
    }

    @GetMapping("/api/v1/groups")
    List<GroupView> list() {
        Area area = officers.currentArea();
        return groups.in(area).stream().map(GroupView::of).toList();
    }

    @GetMapping("/api/v1/groups/{lineGroupId}")
    ResponseEntity<Object> one(@PathVariable String lineGroupId) {
        Area area = officers.currentArea();
        return groups.find(lineGroupId, area).<ResponseEntity<Object>>map(g -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("group", GroupView.of(g));
            body.put("members", groups.members(g.id()).stream().map(m -> new MemberView(m.userId(), m.displayName(), m.active(),
                    g.leaders().contains(m.userId()), m.nudgesOff(), m.lastSeenAt())).toList());
            return ResponseEntity.ok(body);
        }).orElseGet(GroupsController::notFound);
    }

    record GroupChange(@Size(max = 200) String name, List<@Size(max = 100) String> products, @Size(max = 100) String village,
                       @Size(max = 100) String tambon, @Size(max = 100) String amphoe, @Size(max = 200) String leader,
                       List<@Size(max = 64) String> leaderUserIds, Boolean active) {
    }

    /** Edit, deactivate, or move (a new tambon/amphoe, which must also be in the officer's area). */
    @PatchMapping("/api/v1/groups/{lineGroupId}")
    ResponseEntity<Object> change(@PathVariable String lineGroupId, @Valid @RequestBody GroupChange body, Principal officer) {
        Area area = officers.currentArea();
        LineGroup group = groups.find(lineGroupId, area).orElse(null);
        if (group == null) {
            return notFound();
        }
        String amphoe = body.amphoe() != null ? body.amphoe() : group.amphoe();
        String tambon = body.tambon() != null ? body.tambon() : group.tambon();
        if (!area.covers(amphoe, tambon)) {
            return ResponseEntity.status(HttpStatus.FORBIDDEN)
                    .body(Map.of("error", "outside_area", "message", "You can only move a group within your own area"));
        }
        Update update = new Update();
        Map<String, String> changes = new LinkedHashMap<>();
        setIfGiven(update, changes, "name", body.name());
        setIfGiven(update, changes, "products", body.products());
        setIfGiven(update, changes, "village", body.village());
        setIfGiven(update, changes, "tambon", body.tambon());
        setIfGiven(update, changes, "amphoe", body.amphoe());
        setIfGiven(update, changes, "leader", body.leader());
        setIfGiven(update, changes, "leaderUserIds", body.leaderUserIds());
        setIfGiven(update, changes, "active", body.active());
        if (!changes.isEmpty()) {
            mongo.updateFirst(new Query(where("_id").is(lineGroupId)), update, LineGroup.class);
            audit.record(officer.getName(), "group.changed", lineGroupId, changes);
        }
        return ResponseEntity.ok(GroupView.of(groups.find(lineGroupId).orElseThrow()));
    }

    record NewCode(@NotBlank @Size(max = 200) String name, @Size(max = 100) String product, List<@Size(max = 100) String> products,
                   @Size(max = 100) String village, @Size(max = 100) String tambon, @Size(max = 100) String amphoe,
                   @Size(max = 200) String leader) {
    }

    @PostMapping("/api/v1/registration-codes")
    ResponseEntity<Object> newCode(@Valid @RequestBody NewCode body, Principal officer) {
        Area area = officers.currentArea();
        String amphoe = body.amphoe() != null ? body.amphoe() : area.amphoe();
        String tambon = body.tambon() != null ? body.tambon() : area.tambon();
        if (!area.covers(amphoe, tambon)) {
            return ResponseEntity.status(HttpStatus.FORBIDDEN)
                    .body(Map.of("error", "outside_area", "message", "You can only register groups in your own area"));
        }
        List<String> products = body.products() != null && !body.products().isEmpty() ? body.products()
                : body.product() != null ? List.of(body.product()) : List.of();
        GroupRegistration.IssuedCode code = registration.issue(officer.getName(),
                new GroupRegistration.Details(body.name(), products, body.village(), tambon, amphoe, body.leader()));
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("code", code.code(), "expiresAt", code.expiresAt()));
    }


    private static void setIfGiven(Update update, Map<String, String> changes, String field, Object value) {
        if (value != null) {
            update.set(field, value);
            changes.put(field, String.valueOf(value));
        }
    }

    private static ResponseEntity<Object> notFound() {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "not_found", "message", "No such group"));
    }
}
