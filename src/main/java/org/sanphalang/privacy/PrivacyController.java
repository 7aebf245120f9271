package org.sanphalang.privacy;

import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.sanphalang.audit.AuditLog;
import org.sanphalang.officers.Area;
import org.sanphalang.officers.Officers;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** Export or erase one person's data. Only for a person who takes part somewhere in the officer's area. */
@RestController
class PrivacyController {

    private final List<PersonalData> holders;
    private final Officers officers;
    private final AuditLog audit;
    private final MongoTemplate mongo;
    private final java.time.Clock clock;

    PrivacyController(List<PersonalData> holders, Officers officers, AuditLog audit, MongoTemplate mongo, java.time.Clock clock) {
        this.holders = holders;
        this.officers = officers;
        this.audit = audit;
        this.mongo = mongo;
        this.clock = clock;
    }

    @GetMapping("/api/v1/people/{lineUserId}/export")
    ResponseEntity<Object> export(@PathVariable String lineUserId, Principal officer) {
        if (!inArea(lineUserId)) {
            return notFound();
        }
        Map<String, Object> export = new LinkedHashMap<>();
        export.put("lineUserId", lineUserId);
        holders.forEach(h -> export.put(h.kind(), h.export(lineUserId)));
        audit.record(officer.getName(), "person.exported", lineUserId, Map.of());
        return ResponseEntity.ok(export);
    }

    @DeleteMapping("/api/v1/people/{lineUserId}")
    ResponseEntity<Object> erase(@PathVariable String lineUserId, Principal officer) {
        if (!inArea(lineUserId)) {
            return notFound();
        }
        Map<String, String> erased = new LinkedHashMap<>();
        holders.forEach(h -> erased.put(h.kind(), Long.toString(h.erase(lineUserId))));
        mongo.updateFirst(Query.query(Criteria.where("_id").is(lineUserId)),
                new Update().set("erasedAt", clock.instant()).set("erasedBy", officer.getName()), ErasureRequest.class);
        audit.record(officer.getName(), "person.erased", lineUserId, erased);
        return ResponseEntity.ok(Map.of("lineUserId", lineUserId, "erased", erased));
    }

    @GetMapping("/api/v1/privacy/erasure-requests")
    List<ErasureRequest> openRequests() {
        return mongo.find(Query.query(Criteria.where("erasedAt").is(null)).with(Sort.by("requestedAt")), ErasureRequest.class)
                .stream().filter(r -> inArea(r.lineUserId())).toList();
    }

    private boolean inArea(String lineUserId) {
        Area area = officers.currentArea();
        if (area.equals(Area.EVERYWHERE)) {
            return true;
        }
        return holders.stream().flatMap(h -> h.placesOf(lineUserId).stream()).anyMatch(p -> area.covers(p.amphoe(), p.tambon()));
    }

    private static ResponseEntity<Object> notFound() {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "not_found", "message", "No such person in your area"));
    }
}
