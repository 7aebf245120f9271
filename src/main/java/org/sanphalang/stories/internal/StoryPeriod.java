package org.sanphalang.stories.internal;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.sanphalang.checkin.Period;

/**
 * The period a story covers: an ISO week or a month (the check-in module's {@link Period}, read from its rollups), or a
 * chosen range of days {@code 2026-11-01..2026-11-20} (at most a year), summed from the check-ins themselves. The
 * period before has the same length and ends the day before this one starts.
 */
public record StoryPeriod(String key, Kind kind, LocalDate first, LocalDate last) {

    public enum Kind { WEEK, MONTH, RANGE }

    private static final Pattern RANGE = Pattern.compile("(\\d{4}-\\d{2}-\\d{2})\\s*(?:\\.\\.|/)\\s*(\\d{4}-\\d{2}-\\d{2})");

    public static StoryPeriod parse(String key) {
        Matcher range = RANGE.matcher(key == null ? "" : key.trim());
        if (range.matches()) {
            try {
                LocalDate first = LocalDate.parse(range.group(1));
                LocalDate last = LocalDate.parse(range.group(2));
                if (last.isBefore(first) || ChronoUnit.DAYS.between(first, last) > 366) {
                    throw new IllegalArgumentException("A range runs forwards and for at most a year: " + key);
                }
                return new StoryPeriod(first + ".." + last, Kind.RANGE, first, last);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("No such day in " + key);
            }
        }
        try {
            return of(Period.parse(key));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("A period is written 2026-W48, 2026-11 or 2026-11-01..2026-11-20, not " + key);
        }
    }

    static StoryPeriod of(Period period) {
        return new StoryPeriod(period.key(), period.kind() == Period.Kind.WEEK ? Kind.WEEK : Kind.MONTH, period.first(), period.last());
    }

    /** The check-in module's period (weeks and months only). */
    public Period asPeriod() {
        return Period.parse(key);
    }

    public StoryPeriod previous() {
        if (kind != Kind.RANGE) {
            return of(asPeriod().previous());
        }
        long days = ChronoUnit.DAYS.between(first, last) + 1;
        LocalDate end = first.minusDays(1);
        LocalDate start = end.minusDays(days - 1);
        return new StoryPeriod(start + ".." + end, Kind.RANGE, start, end);
    }

    public java.time.Instant start(ZoneId zone) {
        return first.atStartOfDay(zone).toInstant();
    }

    public java.time.Instant end(ZoneId zone) {
        return last.plusDays(1).atStartOfDay(zone).toInstant();
    }
}
