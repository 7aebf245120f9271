package org.sanphalang.schedule;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.chrono.ThaiBuddhistDate;
import java.time.temporal.ChronoField;
import java.util.Locale;

import org.sanphalang.checkin.Period;

/** Dates the way Thai readers write them: "24 พ.ย. 2569" (Buddhist-era year). */
final class ThaiText {

    static final Locale THAI = Locale.forLanguageTag("th");
    private static final String[] MONTHS = {"ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค."};

    private ThaiText() {
    }

    static String date(LocalDate day) {
        return day.getDayOfMonth() + " " + MONTHS[day.getMonthValue() - 1] + " " + ThaiBuddhistDate.from(day).get(ChronoField.YEAR);
    }

    static String date(Instant at, ZoneId zone) {
        return date(at.atZone(zone).toLocalDate());
    }

    static String period(Period period) {
        LocalDate first = period.first();
        LocalDate last = period.last();
        int year = ThaiBuddhistDate.from(last).get(ChronoField.YEAR);
        if (period.kind() == Period.Kind.MONTH) {
            return MONTHS[first.getMonthValue() - 1] + " " + year;
        }
        return first.getDayOfMonth() + (first.getMonth() == last.getMonth() ? "" : " " + MONTHS[first.getMonthValue() - 1])
                + "–" + last.getDayOfMonth() + " " + MONTHS[last.getMonthValue() - 1] + " " + year;
    }
}
