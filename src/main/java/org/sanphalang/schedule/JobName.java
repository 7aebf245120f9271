package org.sanphalang.schedule;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Arrays;
import java.util.Optional;

import org.sanphalang.checkin.Period;

/** The recurring jobs, their default timing (Quartz cron, in {@code sanphalang.zone}) and the period each one is about. */
enum JobName {
    NUDGE("nudge", "0 0 9 ? * MON"),
    WEEKLY_SUMMARY("weekly-summary", "0 0 18 ? * SUN"),
    MONTHLY_SUMMARY("monthly-summary", "0 0 9 1 * ?"),
    ESCALATION("escalation", "0 30 9 ? * MON");

    final String id;
    final String defaultCron;

    JobName(String id, String defaultCron) {
        this.id = id;
        this.defaultCron = defaultCron;
    }

    static Optional<JobName> of(String id) {
        return Arrays.stream(values()).filter(j -> j.id.equals(id)).findFirst();
    }

    /**
     * The period a firing on this local day is about: the current week for reminders and escalations; for summaries
     * the period that ends that day, else the one just finished (a monthly summary on the 1st covers last month).
     */
    Period periodOn(LocalDate day) {
        return switch (this) {
            case NUDGE, ESCALATION -> Period.weekOf(day);
            case WEEKLY_SUMMARY -> {
                Period week = Period.weekOf(day);
                yield day.equals(week.last()) ? week : week.previous();
            }
            case MONTHLY_SUMMARY -> {
                Period month = Period.monthOf(YearMonth.from(day));
                yield day.equals(month.last()) ? month : month.previous();
            }
        };
    }
}
