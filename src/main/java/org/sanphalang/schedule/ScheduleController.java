package org.sanphalang.schedule;

import java.security.Principal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.sanphalang.audit.AuditLog;
import org.sanphalang.checkin.CheckInActivity;
import org.sanphalang.checkin.Period;
import org.sanphalang.groups.Groups;
import org.sanphalang.groups.LineGroup;
import org.sanphalang.officers.Area;
import org.sanphalang.officers.Officers;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Schedules, running a job now (ADMIN), the overdue list and groups' busy days. */
@RestController
class ScheduleController {

    private final Schedules schedules;
    private final ScheduleTriggers triggers;
    private final JobRunner runner;
    private final BusyDays busyDays;
    private final Attendance attendance;
    private final CheckInActivity activity;
    private final Groups groups;
    private final Officers officers;
    private final AuditLog audit;
    private final ScheduleSettings settings;
    private final Clock clock;

    ScheduleController(Schedules schedules, ScheduleTriggers triggers, JobRunner runner, BusyDays busyDays, Attendance attendance,
                       CheckInActivity activity, Groups groups, Officers officers, AuditLog audit, ScheduleSettings settings,
                       Clock clock) {
        this.schedules = schedules;
        this.triggers = triggers;
        this.runner = runner;
        this.busyDays = busyDays;
        this.attendance = attendance;
        this.activity = activity;
        this.groups = groups;
        this.officers = officers;
        this.audit = audit;
        this.settings = settings;
        this.clock = clock;
    }

    record ScheduleView(String name, String lineGroupId, String cron, boolean enabled, String zone, Instant nextFireAt,
                        Instant updatedAt, String updatedBy) {
    }

    @GetMapping("/api/v1/schedules")
    List<ScheduleView> list() {
        Area area = officers.currentArea();
        return schedules.all().stream().filter(s -> s.lineGroupId() == null || groups.find(s.lineGroupId())
                .map(g -> g.within(area)).orElse(false)).map(this::view).toList();
    }

    record ScheduleChange(@NotNull @Size(max = 120) String cron, Boolean enabled, @Size(max = 64) String lineGroupId) {
    }

    @PutMapping("/api/v1/schedules/{name}")
    ResponseEntity<Object> change(@PathVariable String name, @Valid @RequestBody ScheduleChange body, Principal officer) {
        JobName job = JobName.of(name).orElse(null);
        if (job == null) {
            return error(HttpStatus.NOT_FOUND, "not_found", "No such job: use nudge, weekly-summary, monthly-summary or escalation");
        }
        try {
            schedules.cron(body.cron());
        } catch (IllegalArgumentException e) {
            return error(HttpStatus.BAD_REQUEST, "bad_cron", "Not a Quartz cron expression (e.g. \"0 0 9 ? * MON\")");
        }
        Area area = officers.currentArea();
        if (body.lineGroupId() != null) {
            LineGroup group = groups.find(body.lineGroupId(), area).orElse(null);
            if (group == null) {
                return error(HttpStatus.NOT_FOUND, "not_found", "No such group");
            }
        } else if (area.amphoe() != null && !area.amphoe().isBlank()) {
            return error(HttpStatus.FORBIDDEN, "outside_area", "Only an officer for the whole province changes every group's schedule");
        }
        boolean enabled = body.enabled() == null || body.enabled();
        Schedule saved = schedules.save(job, body.lineGroupId(), body.cron(), enabled, officer.getName());
        triggers.sync();
        audit.record(officer.getName(), "schedule.changed", saved.id(), Map.of("cron", saved.cron(), "enabled", String.valueOf(enabled)));
        return ResponseEntity.ok(view(saved));
    }

    @PostMapping("/api/v1/jobs/{name}/run")
    ResponseEntity<Object> run(@PathVariable String name, Principal officer) {
        JobName job = JobName.of(name).orElse(null);
        if (job == null) {
            return error(HttpStatus.NOT_FOUND, "not_found", "No such job: use nudge, weekly-summary, monthly-summary or escalation");
        }
        JobReport report = runner.runNow(job);
        audit.record(officer.getName(), "job.run", job.id, Map.of("period", report.period()));
        return ResponseEntity.ok(report);
    }

    record Overdue(String lineGroupId, String name, String tambon, String amphoe, int missedPeriods, Instant lastCheckIn,
                   boolean escalated, boolean nudgesPaused) {
    }

    /** Registered, active groups in the officer's area that missed at least the last finished week, most overdue first. */
    @GetMapping("/api/v1/overdue")
    List<Overdue> overdue() {
        Area area = officers.currentArea();
        Period lastFinished = Period.weekOf(clock.instant(), clock.getZone()).previous();
        List<Overdue> out = new ArrayList<>();
        for (LineGroup g : groups.all()) {
            if (!g.registered() || !g.active() || !g.within(area)) {
                continue;
            }
            int missed = attendance.missedUpTo(g, lastFinished);
            if (missed > 0) {
                out.add(new Overdue(g.id(), g.displayName(), g.tambon(), g.amphoe(), missed, activity.lastCheckIn(g.id()).orElse(null),
                        missed >= settings.missedBeforeEscalation(), g.nudgesPaused()));
            }
        }
        out.sort(Comparator.comparingInt(Overdue::missedPeriods).reversed().thenComparing(Overdue::name,
                Comparator.nullsLast(Comparator.naturalOrder())));
        return out;
    }

    record BusyDaysChange(@NotNull @Size(max = 366) List<String> dates) {
    }

    @GetMapping("/api/v1/groups/{lineGroupId}/busy-days")
    ResponseEntity<Object> busyDays(@PathVariable String lineGroupId) {
        if (!visible(lineGroupId)) {
            return error(HttpStatus.NOT_FOUND, "not_found", "No such group");
        }
        return ResponseEntity.ok(Map.of("lineGroupId", lineGroupId, "dates", busyDays.of(lineGroupId).stream().map(LocalDate::toString).toList()));
    }

    @PutMapping("/api/v1/groups/{lineGroupId}/busy-days")
    ResponseEntity<Object> setBusyDays(@PathVariable String lineGroupId, @Valid @RequestBody BusyDaysChange body, Principal officer) {
        if (!visible(lineGroupId)) {
            return error(HttpStatus.NOT_FOUND, "not_found", "No such group");
        }
        Set<LocalDate> dates = new TreeSet<>();
        for (String date : body.dates()) {
            try {
                dates.add(LocalDate.parse(date == null ? "" : date.strip()));
            } catch (DateTimeParseException e) {
                return error(HttpStatus.BAD_REQUEST, "bad_date", "Dates are written 2026-12-01");
            }
        }
        Set<LocalDate> saved = busyDays.replace(lineGroupId, dates);
        audit.record(officer.getName(), "group.busy-days", lineGroupId, Map.of("days", String.valueOf(saved.size())));
        return ResponseEntity.ok(Map.of("lineGroupId", lineGroupId, "dates", saved.stream().map(LocalDate::toString).toList()));
    }

    private boolean visible(String lineGroupId) {
        Area area = officers.currentArea();
        return groups.find(lineGroupId, area).isPresent();
    }

    private ScheduleView view(Schedule s) {
        return new ScheduleView(s.name(), s.lineGroupId(), s.cron(), s.enabled(), clock.getZone().getId(),
                s.enabled() ? schedules.nextFire(s, clock.instant()) : null, s.updatedAt(), s.updatedBy());
    }

    private static ResponseEntity<Object> error(HttpStatus status, String code, String message) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", code);
        body.put("message", message);
        return ResponseEntity.status(status).body(body);
    }
}
