package org.sanphalang.checkin;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.sanphalang.flex.ThaiDates;

/**
 * A reporting period — an ISO week ({@code 2026-W48}, Monday to Sunday) or a calendar month ({@code 2026-11}) —
 * always reckoned in the service's zone (Asia/Bangkok): a check-in at 23:30 on Sunday night in Lampang belongs
 * to that week, whatever the server's clock zone.
 */
public record Period(String key, Kind kind, LocalDate first, LocalDate last) {

    public enum Kind { WEEK, MONTH }

    private static final Pattern WEEK = Pattern.compile("(\\d{4})-W(\\d{2})");
    private static final Pattern MONTH = Pattern.compile("(\\d{4})-(\\d{2})");

    public static Period weekOf(Instant at, ZoneId zone) {
        return weekOf(at.atZone(zone).toLocalDate());
    }

    public static Period weekOf(LocalDate day) {
        LocalDate monday = day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        int year = monday.plusDays(3).getYear();
        int week = monday.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
        return new Period("%04d-W%02d".formatted(year, week), Kind.WEEK, monday, monday.plusDays(6));
    }

    public static Period monthOf(Instant at, ZoneId zone) {
        return monthOf(YearMonth.from(at.atZone(zone)));
    }

    public static Period monthOf(YearMonth month) {
        return new Period(month.toString(), Kind.MONTH, month.atDay(1), month.atEndOfMonth());
    }

    /** Reads "2026-W48" or "2026-11". */
    public static Period parse(String key) {
        Matcher week = WEEK.matcher(key == null ? "" : key.trim());
        if (week.matches()) {
            int year = Integer.parseInt(week.group(1));
            int number = Integer.parseInt(week.group(2));
            LocalDate jan4 = LocalDate.of(year, 1, 4);
            if (number < 1 || number > jan4.range(IsoFields.WEEK_OF_WEEK_BASED_YEAR).getMaximum()) {
                throw new IllegalArgumentException("No week " + key);
            }
            return weekOf(jan4.with(IsoFields.WEEK_OF_WEEK_BASED_YEAR, number));
        }
        Matcher month = MONTH.matcher(key == null ? "" : key.trim());
        if (month.matches()) {
            try {
                return monthOf(YearMonth.of(Integer.parseInt(month.group(1)), Integer.parseInt(month.group(2))));
            } catch (java.time.DateTimeException e) {
                throw new IllegalArgumentException("No month " + key);
            }
        }
        throw new IllegalArgumentException("A period is written 2026-W48 or 2026-11, not " + key);
    }

    /** "23–29 พ.ย. 2569" for a week, "พ.ย. 2569" for a month: Buddhist-era years, as Thai readers expect. */
    public String thaiLabel() {
        if (kind == Kind.MONTH) {
            return ThaiDates.month(first) + " " + ThaiDates.year(first);
        }
        return first.getDayOfMonth() + (first.getMonth() == last.getMonth() ? "" : " " + ThaiDates.month(first))
                + "–" + ThaiDates.date(last);
    }

    public Period previous() {
        return kind == Kind.WEEK ? weekOf(first.minusDays(7)) : monthOf(YearMonth.from(first).minusMonths(1));
    }

    public Period next() {
        return kind == Kind.WEEK ? weekOf(first.plusDays(7)) : monthOf(YearMonth.from(first).plusMonths(1));
    }

    public Instant start(ZoneId zone) {
        return first.atStartOfDay(zone).toInstant();
    }

    public Instant end(ZoneId zone) {
        return last.plusDays(1).atStartOfDay(zone).toInstant();
    }

    public boolean contains(Instant at, ZoneId zone) {
        return !at.isBefore(start(zone)) && at.isBefore(end(zone));
    }
}
