package org.sanphalang.reports;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.chrono.ThaiBuddhistDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.sanphalang.checkin.CheckIn;
import org.sanphalang.checkin.CheckInHistory;
import org.sanphalang.checkin.Period;
import org.sanphalang.checkin.Summaries;
import org.sanphalang.checkin.Totals;
import org.sanphalang.groups.Groups;
import org.sanphalang.groups.LineGroup;
import org.sanphalang.officers.Area;
import org.sanphalang.officers.Officers;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/reports/checkins.(csv|xlsx)?from&to} and {@code /api/v1/reports/summary.(csv|xlsx)?period}; the same
 * files under {@code /console/reports/...} for the console's logged-in officers.
 */
@RestController
class ReportsController {

    private static final MediaType XLSX = MediaType.parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    private static final MediaType CSV = MediaType.parseMediaType("text/csv; charset=UTF-8");
    private static final DateTimeFormatter BE_DATE = DateTimeFormatter.ofPattern("dd/MM/yyyy");

    private final CheckInHistory history;
    private final Summaries summaries;
    private final Groups groups;
    private final Officers officers;
    private final Clock clock;

    ReportsController(CheckInHistory history, Summaries summaries, Groups groups, Officers officers, Clock clock) {
        this.history = history;
        this.summaries = summaries;
        this.groups = groups;
        this.officers = officers;
        this.clock = clock;
    }

    @GetMapping({"/api/v1/reports/checkins.{format}", "/console/reports/checkins.{format}"})
    ResponseEntity<?> checkIns(@PathVariable String format, @RequestParam(required = false) String from,
                               @RequestParam(required = false) String to, @RequestParam(required = false) String lineGroupId) {
        LocalDate first;
        LocalDate last;
        try {
            last = to == null ? LocalDate.now(clock) : LocalDate.parse(to);
            first = from == null ? last.minusDays(30) : LocalDate.parse(from);
        } catch (DateTimeParseException e) {
            return bad("Dates are written 2026-11-24");
        }
        if (first.isAfter(last) || first.plusYears(2).isBefore(last)) {
            return bad("from must be before to, and at most two years apart");
        }
        Map<String, LineGroup> visible = visibleGroups(lineGroupId);
        List<CheckIn> rows = history.between(visible.keySet(), first.atStartOfDay(clock.getZone()).toInstant(),
                last.plusDays(1).atStartOfDay(clock.getZone()).toInstant());
        List<List<Object>> table = new ArrayList<>();
        for (CheckIn c : rows) {
            LineGroup g = visible.get(c.groupId());
            table.add(java.util.Arrays.asList(buddhistDate(c.at().atZone(clock.getZone()).toLocalDate()),
                    g.displayName(), g.tambon(), g.village(), c.product(),
                    c.produced() == null ? null : c.produced().qty(), c.produced() == null ? null : c.produced().unit(),
                    c.sold() == null ? null : c.sold().qty(), c.sold() == null ? null : c.sold().unit(),
                    c.revenueBaht(), c.costBaht(), c.visitors(), c.text()));
        }
        ReportTable report = new ReportTable("รายงานผล", List.of("วันที่ (พ.ศ.)", "กลุ่ม", "ตำบล", "หมู่บ้าน", "สินค้า",
                "ผลิต", "หน่วย", "ขาย", "หน่วย", "รายได้ (บาท)", "ต้นทุน (บาท)", "ผู้มาเยี่ยม (คน)", "ข้อความ"), table);
        return file(report, format, "checkins-" + first + "-" + last);
    }

    @GetMapping({"/api/v1/reports/summary.{format}", "/console/reports/summary.{format}"})
    ResponseEntity<?> summary(@PathVariable String format, @RequestParam(required = false) String period) {
        Period p;
        try {
            p = period == null ? summaries.thisWeek() : Period.parse(period);
        } catch (IllegalArgumentException e) {
            return bad("A period is written 2026-W48 or 2026-11");
        }
        Map<String, LineGroup> visible = visibleGroups(null);
        Map<String, Totals> totals = summaries.totals(List.copyOf(visible.keySet()), p);
        Map<String, Totals> before = summaries.totals(List.copyOf(visible.keySet()), p.previous());
        Map<String, Long> openNeeds = summaries.openNeeds(List.copyOf(visible.keySet()));
        List<List<Object>> table = new ArrayList<>();
        for (LineGroup g : visible.values()) {
            Totals t = totals.getOrDefault(g.id(), Totals.NONE);
            Totals b = before.getOrDefault(g.id(), Totals.NONE);
            table.add(java.util.Arrays.asList(p.key(), buddhistDate(p.first()) + " - " + buddhistDate(p.last()), g.displayName(),
                    g.tambon(), g.village(), g.product(), units(t.produced()), units(t.sold()), t.revenueBaht(), b.revenueBaht(),
                    t.costBaht(), t.visitors(), t.checkins(), openNeeds.getOrDefault(g.id(), 0L)));
        }
        ReportTable report = new ReportTable("สรุปผล", List.of("ช่วงเวลา", "วันที่ (พ.ศ.)", "กลุ่ม", "ตำบล", "หมู่บ้าน", "สินค้า",
                "ผลิต", "ขาย", "รายได้ (บาท)", "รายได้ช่วงก่อน (บาท)", "ต้นทุน (บาท)", "ผู้มาเยี่ยม (คน)", "จำนวนรายงาน", "เรื่องที่รอช่วยเหลือ"), table);
        return file(report, format, "summary-" + p.key());
    }

    private Map<String, LineGroup> visibleGroups(String onlyGroup) {
        Area area = officers.currentArea();
        return groups.registeredIn(area).stream()
                .filter(g -> onlyGroup == null || onlyGroup.equals(g.id()))
                .collect(Collectors.toMap(LineGroup::id, Function.identity(), (a, b) -> a, java.util.LinkedHashMap::new));
    }

    private static String units(Map<String, BigDecimal> byUnit) {
        return byUnit.entrySet().stream().map(e -> e.getValue().toPlainString() + " " + e.getKey()).collect(Collectors.joining(", "));
    }

    static String buddhistDate(LocalDate day) {
        return BE_DATE.format(ThaiBuddhistDate.from(day));
    }

    private static ResponseEntity<?> file(ReportTable report, String format, String name) {
        boolean xlsx = format.equalsIgnoreCase("xlsx");
        if (!xlsx && !format.equalsIgnoreCase("csv")) {
            return bad("Reports come as .csv or .xlsx");
        }
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(name + "." + (xlsx ? "xlsx" : "csv")).build().toString())
                .contentType(xlsx ? XLSX : CSV)
                .body(xlsx ? report.xlsx() : report.csv());
    }

    private static ResponseEntity<?> bad(String message) {
        return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("error", "bad_request", "message", message));
    }
}
