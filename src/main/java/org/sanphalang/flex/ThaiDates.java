package org.sanphalang.flex;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.chrono.ThaiBuddhistDate;
import java.time.temporal.ChronoField;

/** Dates as Thai readers expect them on a card: "24 พ.ย. 2569", with the Buddhist-era year. */
public final class ThaiDates {

    private static final String[] MONTHS = {"ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค."};

    private ThaiDates() {
    }

    public static String date(Instant at, ZoneId zone) {
        return date(at.atZone(zone).toLocalDate());
    }

    public static String date(LocalDate day) {
        return day.getDayOfMonth() + " " + month(day) + " " + year(day);
    }

    public static String month(LocalDate day) {
        return MONTHS[day.getMonthValue() - 1];
    }

    public static int year(LocalDate day) {
        return ThaiBuddhistDate.from(day).get(ChronoField.YEAR);
    }
}
