package org.sanphalang.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.StringReader;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.IsoFields;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.sanphalang.checkin.Period;

/** The holiday calendar, quiet hours and which period a firing is about — all in Asia/Bangkok, whatever the JVM zone. */
class ScheduleCalendarTest {

    static final ZoneId BANGKOK = ZoneId.of("Asia/Bangkok");
    static final ScheduleSettings DEFAULTS = new ScheduleSettings("20:00", "07:00", 2, 3, java.time.Duration.ofHours(6),
            java.time.Duration.ofMinutes(15), null, List.of("public-holiday", "holy-day"));

    final HolidayCalendar calendar = new HolidayCalendar(DEFAULTS);

    static Instant bangkok(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(BANGKOK).toInstant();
    }

    @Test
    void thePackagedCalendarHasTheLunarHolidaysAndHolyDaysOf2026And2027() {
        assertThat(calendar.on(LocalDate.parse("2026-03-03"))).extracting(HolidayCalendar.Day::name).anyMatch(n -> n.contains("มาฆบูชา"));
        assertThat(calendar.on(LocalDate.parse("2026-05-31"))).extracting(HolidayCalendar.Day::name).anyMatch(n -> n.contains("วิสาขบูชา"));
        assertThat(calendar.on(LocalDate.parse("2026-07-29"))).extracting(HolidayCalendar.Day::name).anyMatch(n -> n.contains("อาสาฬหบูชา"));
        assertThat(calendar.on(LocalDate.parse("2026-07-30"))).extracting(HolidayCalendar.Day::name).anyMatch(n -> n.contains("เข้าพรรษา"));
        assertThat(calendar.on(LocalDate.parse("2027-02-21"))).extracting(HolidayCalendar.Day::name).anyMatch(n -> n.contains("มาฆบูชา"));
        assertThat(calendar.on(LocalDate.parse("2027-05-20"))).extracting(HolidayCalendar.Day::name).anyMatch(n -> n.contains("วิสาขบูชา"));
        assertThat(calendar.on(LocalDate.parse("2027-07-18"))).extracting(HolidayCalendar.Day::name).anyMatch(n -> n.contains("อาสาฬหบูชา"));
        // วันพระ: ขึ้น 15 ค่ำ เดือนยี่ 2569 and the waning 14th of a short (odd) month
        assertThat(calendar.on(LocalDate.parse("2026-01-03"))).extracting(HolidayCalendar.Day::kind).contains("holy-day");
        assertThat(calendar.on(LocalDate.parse("2026-02-16"))).extracting(HolidayCalendar.Day::name).anyMatch(n -> n.contains("แรม 14 ค่ำ"));
        for (int year : new int[]{2026, 2027}) {
            long holyDays = LocalDate.of(year, 1, 1).datesUntil(LocalDate.of(year + 1, 1, 1))
                    .filter(d -> calendar.on(d).stream().anyMatch(h -> h.kind().equals("holy-day"))).count();
            assertThat(holyDays).as("holy days in %s", year).isBetween(48L, 52L);
        }
        assertThat(calendar.isRestDay(LocalDate.parse("2026-12-07"))).as("substitution for Father's Day").isTrue();
        assertThat(calendar.isRestDay(LocalDate.parse("2026-12-08"))).isFalse();
    }

    @Test
    void anOperatorsFileIsReadForgivingly() throws Exception {
        var days = HolidayCalendar.parse(new BufferedReader(new StringReader("""
                # comment
                date,name,kind
                2026-12-01,Harvest festival, Lampang,local
                not-a-date,x,public-holiday
                2026-12-02,วันพระ,holy-day
                """)), "test");
        assertThat(days).containsOnlyKeys(LocalDate.parse("2026-12-01"), LocalDate.parse("2026-12-02"));
        assertThat(days.get(LocalDate.parse("2026-12-01")).get(0).name()).isEqualTo("Harvest festival, Lampang");
    }

    @Test
    void quietHoursRunFromEightInTheEveningToSevenInTheMorningInBangkok() {
        SendWindow window = new SendWindow(DEFAULTS, calendar, null, Clock.system(BANGKOK));

        assertThat(window.isQuiet(bangkok("2026-11-30T19:59:59"))).isFalse();
        assertThat(window.isQuiet(bangkok("2026-11-30T20:00"))).isTrue();
        assertThat(window.isQuiet(bangkok("2026-12-01T06:59"))).isTrue();
        assertThat(window.isQuiet(bangkok("2026-12-01T07:00"))).isFalse();
        assertThat(window.notQuiet(bangkok("2026-11-30T21:00"))).isEqualTo(bangkok("2026-12-01T07:00"));
        assertThat(window.notQuiet(bangkok("2026-12-01T03:00"))).isEqualTo(bangkok("2026-12-01T07:00"));
        assertThat(window.notQuiet(bangkok("2026-12-01T09:00"))).isEqualTo(bangkok("2026-12-01T09:00"));
    }

    @Test
    void eachJobIsAboutTheRightPeriodAcrossWeekMonthAndYearEnds() {
        // Sunday 23:59 and Monday 00:00 in Bangkok are different ISO weeks, whatever the JVM's zone.
        assertThat(Period.weekOf(bangkok("2026-11-29T23:59"), BANGKOK).key()).isEqualTo("2026-W48");
        assertThat(Period.weekOf(bangkok("2026-11-30T00:00"), BANGKOK).key()).isEqualTo("2026-W49");
        // 2026 has 53 ISO weeks: 28 Dec 2026 – 3 Jan 2027 is 2026-W53.
        assertThat(LocalDate.of(2026, 12, 31).range(IsoFields.WEEK_OF_WEEK_BASED_YEAR).getMaximum()).isEqualTo(53);
        assertThat(JobName.NUDGE.periodOn(LocalDate.parse("2026-12-28")).key()).isEqualTo("2026-W53");
        assertThat(JobName.NUDGE.periodOn(LocalDate.parse("2027-01-04")).key()).isEqualTo("2027-W01");
        assertThat(JobName.WEEKLY_SUMMARY.periodOn(LocalDate.parse("2027-01-03")).key()).as("Sunday: the week ending").isEqualTo("2026-W53");
        assertThat(JobName.WEEKLY_SUMMARY.periodOn(LocalDate.parse("2027-01-04")).key()).as("Monday: last week").isEqualTo("2026-W53");
        assertThat(JobName.MONTHLY_SUMMARY.periodOn(LocalDate.parse("2027-01-01")).key()).as("the 1st: last month").isEqualTo("2026-12");
        assertThat(JobName.MONTHLY_SUMMARY.periodOn(LocalDate.parse("2026-11-30")).key()).as("month's last day").isEqualTo("2026-11");
        assertThat(JobName.MONTHLY_SUMMARY.periodOn(LocalDate.parse("2026-03-01")).key()).isEqualTo("2026-02");
    }
}
