package org.sanphalang.schedule;

import java.time.Duration;
import java.time.LocalTime;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param quietStart             start of quiet hours ("20:00"), local to {@code sanphalang.zone}: nothing scheduled is
 *                               sent from then
 * @param quietEnd               end of quiet hours ("07:00"); sends held back go out then
 * @param missedBeforeEscalation consecutive missed weeks before leaders and officers are told
 * @param streakToCelebrate      consecutive weeks with check-ins that earn a congratulation on the weekly summary
 * @param grace                  after downtime, a firing missed by less than this still runs (once); older ones are
 *                               recorded as skipped
 * @param housekeepingInterval   how often deferred sends are looked at and triggers re-read from the store
 * @param holidaysFile           an operator's own holiday file (same format as {@code classpath:calendar/thai-holidays.csv});
 *                               blank: the packaged one
 * @param restDayKinds           kinds of calendar day on which reminders wait for the next working day
 */
@ConfigurationProperties("sanphalang.schedule")
public record ScheduleSettings(
        @DefaultValue("20:00") String quietStart,
        @DefaultValue("07:00") String quietEnd,
        @DefaultValue("2") int missedBeforeEscalation,
        @DefaultValue("3") int streakToCelebrate,
        @DefaultValue("6h") Duration grace,
        @DefaultValue("15m") Duration housekeepingInterval,
        String holidaysFile,
        @DefaultValue({"public-holiday", "holy-day"}) List<String> restDayKinds) {

    LocalTime quietStartTime() {
        return LocalTime.parse(quietStart);
    }

    LocalTime quietEndTime() {
        return LocalTime.parse(quietEnd);
    }
}
