package org.sanphalang.schedule;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.Set;

import org.springframework.stereotype.Component;

/**
 * When scheduled messages may go out: never in quiet hours (default 20:00–07:00 in {@code sanphalang.zone}), and a
 * reminder not on a holiday, วันพระ or one of the group's busy days.
 */
@Component
class SendWindow {

    private final ScheduleSettings settings;
    private final HolidayCalendar calendar;
    private final BusyDays busyDays;
    private final Clock clock;

    SendWindow(ScheduleSettings settings, HolidayCalendar calendar, BusyDays busyDays, Clock clock) {
        this.settings = settings;
        this.calendar = calendar;
        this.busyDays = busyDays;
        this.clock = clock;
    }

    boolean isQuiet(Instant at) {
        LocalTime time = at.atZone(clock.getZone()).toLocalTime();
        LocalTime start = settings.quietStartTime();
        LocalTime end = settings.quietEndTime();
        if (start.equals(end)) {
            return false;
        }
        return start.isBefore(end) ? !time.isBefore(start) && time.isBefore(end) : !time.isBefore(start) || time.isBefore(end);
    }

    /** The moment itself, or the end of the quiet hours it falls in. */
    Instant notQuiet(Instant at) {
        if (!isQuiet(at)) {
            return at;
        }
        ZonedDateTime local = at.atZone(clock.getZone());
        LocalTime end = settings.quietEndTime();
        ZonedDateTime candidate = local.toLocalDate().atTime(end).atZone(clock.getZone());
        if (!candidate.isAfter(local)) {
            candidate = local.toLocalDate().plusDays(1).atTime(end).atZone(clock.getZone());
        }
        return candidate.toInstant();
    }

    boolean isRestDay(String groupId, LocalDate day) {
        return calendar.isRestDay(day) || busyDays.of(groupId).contains(day);
    }

    /** The first day from {@code day} on that is neither a rest day nor one of the group's busy days (at most a year on). */
    LocalDate workingDayFrom(String groupId, LocalDate day) {
        Set<LocalDate> busy = busyDays.of(groupId);
        LocalDate d = day;
        for (int i = 0; i < 366 && (calendar.isRestDay(d) || busy.contains(d)); i++) {
            d = d.plusDays(1);
        }
        return d;
    }
}
