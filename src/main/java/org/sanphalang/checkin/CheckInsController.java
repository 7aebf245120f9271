package org.sanphalang.checkin;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.sanphalang.checkin.internal.CheckInStore;
import org.sanphalang.groups.Groups;
import org.sanphalang.groups.LineGroup;
import org.sanphalang.officers.Area;
import org.sanphalang.officers.Officers;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Check-ins and weekly totals for officers, limited to their area; and the parser, to try a message. */
@RestController
class CheckInsController {

    private final CheckInParser parser;
    private final CheckInStore store;
    private final Summaries summaries;
    private final Groups groups;
    private final Officers officers;

    CheckInsController(CheckInParser parser, CheckInStore store, Summaries summaries, Groups groups, Officers officers) {
        this.parser = parser;
        this.store = store;
        this.summaries = summaries;
        this.groups = groups;
        this.officers = officers;
    }

    record ParseRequest(@NotNull @Size(max = 10_000) String text) {
    }

    /** Stores nothing: shows what the bot would read from a message. */
    @PostMapping("/api/v1/checkins/parse")
    ParsedMessage parse(@Valid @RequestBody ParseRequest request) {
        return parser.parse(request.text());
    }

    record CheckInView(String id, String lineUserId, Instant at, String text, String kind, Quantity produced, Quantity sold,
                       BigDecimal revenueBaht, BigDecimal costBaht, Integer visitors, String product, String source,
                       boolean cancelled, List<String> photoIds) {
        static CheckInView of(CheckIn c) {
            return new CheckInView(c.id(), c.lineUserId(), c.at(), c.text(), "checkin", c.produced(), c.sold(), c.revenueBaht(),
                    c.costBaht(), c.visitors(), c.product(), c.source(), c.cancelled(), c.photoIds());
        }
    }

    @GetMapping("/api/v1/groups/{lineGroupId}/checkins")
    ResponseEntity<Object> checkIns(@PathVariable String lineGroupId, @RequestParam(defaultValue = "200") int limit) {
        Area area = officers.currentArea();
        if (groups.find(lineGroupId, area).isEmpty()) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "not_found", "message", "No such group"));
        }
        return ResponseEntity.ok(store.ofGroup(lineGroupId, Math.max(1, Math.min(limit, 1000))).stream().map(CheckInView::of).toList());
    }

    @GetMapping("/api/v1/summaries/weekly")
    ResponseEntity<Object> weekly(@RequestParam(required = false) String week) {
        Period period;
        try {
            period = week == null ? summaries.thisWeek() : Period.parse(week);
        } catch (IllegalArgumentException e) {
            return ResponseEntity.badRequest().body(Map.of("error", "bad_week", "message", "Write the week as 2026-W48"));
        }
        if (period.kind() != Period.Kind.WEEK) {
            return ResponseEntity.badRequest().body(Map.of("error", "bad_week", "message", "Write the week as 2026-W48"));
        }
        Area area = officers.currentArea();
        List<LineGroup> visible = groups.registeredIn(area);
        List<String> ids = visible.stream().map(LineGroup::id).toList();
        Map<String, Totals> totals = summaries.totals(ids, period);
        Map<String, Long> openNeeds = summaries.openNeeds(ids);
        List<Map<String, Object>> rows = visible.stream().map(g -> {
            Totals t = totals.getOrDefault(g.id(), Totals.NONE);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("lineGroupId", g.id());
            row.put("name", g.displayName());
            row.put("product", g.product());
            row.put("village", g.village());
            row.put("tambon", g.tambon());
            row.put("week", period.key());
            row.put("produced", t.produced());
            row.put("sold", t.sold());
            row.put("revenueBaht", t.revenueBaht());
            row.put("costBaht", t.costBaht());
            row.put("visitors", t.visitors());
            row.put("checkins", t.checkins());
            row.put("openNeeds", openNeeds.getOrDefault(g.id(), 0L));
            return row;
        }).toList();
        return ResponseEntity.ok(Map.of("week", period.key(), "from", period.first(), "to", period.last(), "groups", rows));
    }
}
