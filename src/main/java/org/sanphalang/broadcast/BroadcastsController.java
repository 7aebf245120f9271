package org.sanphalang.broadcast;

import java.security.Principal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.sanphalang.groups.Groups;
import org.sanphalang.officers.Area;
import org.sanphalang.officers.Officer;
import org.sanphalang.officers.Officers;
import org.sanphalang.outbound.DeliveryReports;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
class BroadcastsController {

    private final Broadcasts broadcasts;
    private final Officers officers;
    private final Groups groups;

    BroadcastsController(Broadcasts broadcasts, Officers officers, Groups groups) {
        this.broadcasts = broadcasts;
        this.officers = officers;
        this.groups = groups;
    }

    record NewBroadcast(@Size(max = 100) String title, @NotBlank @Size(max = 2000) String text, Broadcast.Segment segment,
                        Instant sendAt, Boolean preview) {
    }

    /** Sends now, at {@code sendAt}, or (with {@code preview: true}) only counts recipients and cost. */
    @PostMapping("/api/v1/broadcasts")
    ResponseEntity<Object> create(@Valid @RequestBody NewBroadcast body, Principal principal) {
        Officer officer = officers.find(principal.getName()).orElseThrow();
        Area area = officers.currentArea();
        Broadcast.Status status = Boolean.TRUE.equals(body.preview()) ? Broadcast.Status.PREVIEW : Broadcast.Status.SCHEDULED;
        Broadcast created = broadcasts.create(officer, area, body.title(), body.text(), body.segment(), body.sendAt(), status);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", created.id());
        out.put("recipients", created.recipients().size());
        out.put("membersCharged", created.membersCharged());
        out.put("status", created.status());
        return ResponseEntity.status(HttpStatus.CREATED).body(out);
    }

    @GetMapping("/api/v1/broadcasts/{id}")
    ResponseEntity<Object> report(@PathVariable String id) {
        Area area = officers.currentArea();
        return broadcasts.find(id).filter(b -> b.recipients().stream()
                        .allMatch(g -> groups.find(g, area).isPresent()))
                .<ResponseEntity<Object>>map(b -> {
                    DeliveryReports.Report report = broadcasts.report(b.id());
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("id", b.id());
                    out.put("status", b.status());
                    out.put("text", b.text());
                    out.put("recipients", b.recipients().size());
                    out.put("membersCharged", b.membersCharged());
                    out.put("sent", report.sent());
                    out.put("pending", report.pending());
                    out.put("failed", report.failed());
                    out.put("deliveries", report.deliveries());
                    return ResponseEntity.ok(out);
                })
                .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "not_found", "message", "No such broadcast")));
    }

    @PostMapping("/api/v1/broadcasts/{id}/send")
    ResponseEntity<Object> sendPreview(@PathVariable String id, Principal principal) {
        Officer officer = officers.find(principal.getName()).orElseThrow();
        return broadcasts.find(id).filter(b -> b.createdBy().equals(officer.username()))
                .flatMap(b -> broadcasts.send(id, officer))
                .<ResponseEntity<Object>>map(b -> ResponseEntity.ok(Map.of("id", b.id(), "recipients", b.recipients().size())))
                .orElseGet(() -> ResponseEntity.status(HttpStatus.CONFLICT)
                        .body(Map.of("error", "not_sendable", "message", "Not your broadcast, or already sent or cancelled")));
    }

}
