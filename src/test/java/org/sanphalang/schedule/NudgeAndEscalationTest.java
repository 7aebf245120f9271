package org.sanphalang.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;

import org.bson.Document;
import org.junit.jupiter.api.Test;

/** Reminders reach only the groups that need them, at a decent hour and not on holidays; silence is escalated. */
class NudgeAndEscalationTest extends ScheduleSupport {

    @Test
    void nudgesOnlyRegisteredActiveGroupsThatHaveNotReportedThisWeekAndNeverOnesThatOptedOut() {
        clock.setTo(bangkok("2026-11-30T09:00"));
        String silent = group("กลุ่มข้าวแต๋นบ้านเกาะหัวช้าง");
        String reported = group("กลุ่มรายงานแล้ว");
        checkIn(reported, bangkok("2026-11-30T08:15"), 500);
        String paused = group("กลุ่มหยุดเตือน");
        set(paused, "nudgesPaused", true);
        String everyoneOff = group("กลุ่มทุกคนขอไม่รับเตือน");
        member(everyoneOff, id("U"), true);
        member(everyoneOff, id("U"), true);
        String unregistered = group("กลุ่มยังไม่ลงทะเบียน");
        set(unregistered, "registered", false);
        String left = group("กลุ่มที่บอทออกแล้ว");
        set(left, "active", false);

        JobReport report = runner.fired("nudge", bangkok("2026-11-30T09:00"));

        assertThat(report.ran()).isTrue();
        assertThat(report.period()).isEqualTo("2026-W49");
        assertThat(report.counts()).containsEntry("nudged", 1).containsEntry("alreadyCheckedIn", 1).containsEntry("paused", 1)
                .containsEntry("optedOut", 1);
        assertThat(pushedTo()).containsExactly(silent);
        assertThat(messagesTo(silent)).singleElement().satisfies(m -> {
            assertThat(m.path("type").asText()).isEqualTo("flex");
            assertThat(text(m)).contains("กลุ่มข้าวแต๋นบ้านเกาะหัวช้าง").contains("อย่าลืมรายงานผล");
        });
        assertThat(mongo.findById("nudge|2026-W49", Document.class, "job_runs").getString("status")).isEqualTo("DONE");

        // The same firing again (a retry, or a second instance late to the lease) sends nothing more.
        assertThat(runner.fired("nudge", bangkok("2026-11-30T09:00")).ran()).isFalse();
        assertThat(runner.runNow(JobName.NUDGE).counts()).containsEntry("nudgedAlreadySent", 1);
        assertThat(pushedTo()).containsExactly(silent);
        LINE.assertNoViolations();
    }

    @Test
    void aCheckInLateOnSundayCountsForThatWeekAndOneAtMidnightForTheNextInBangkok() {
        clock.setTo(bangkok("2026-11-30T09:00"));
        String sundayNight = group("กลุ่มส่งคืนวันอาทิตย์");
        checkIn(sundayNight, bangkok("2026-11-29T23:59"), 100);
        String mondayMidnight = group("กลุ่มส่งเที่ยงคืนวันจันทร์");
        checkIn(mondayMidnight, bangkok("2026-11-30T00:00"), 100);

        runner.fired("nudge", bangkok("2026-11-30T09:00"));

        assertThat(pushedTo()).containsExactly(sundayNight);
    }

    @Test
    void aNudgeFiringInQuietHoursWaitsUntilSevenInTheMorning() {
        clock.setTo(bangkok("2026-11-30T20:00"));
        String group = group("กลุ่มกล้วยตาก");
        // An officer moved the reminder to the evening; quiet hours still win.
        assertThat(asAdmin("PUT", "/api/v1/schedules/nudge", "{\"cron\":\"0 0 21 ? * MON\"}").statusCode()).isEqualTo(200);
        clock.setTo(bangkok("2026-11-30T21:00"));

        assertThat(runner.fired("nudge", bangkok("2026-11-30T21:00")).counts()).containsEntry("nudgedDeferred", 1);
        runner.housekeeping();
        assertThat(pushedTo()).isEmpty();

        clock.setTo(bangkok("2026-12-01T06:59"));
        assertThat(runner.housekeeping()).isZero();
        clock.setTo(bangkok("2026-12-01T07:00:01"));
        assertThat(runner.housekeeping()).isEqualTo(1);
        assertThat(pushedTo()).containsExactly(group);
        assertThat(runner.housekeeping()).isZero();
    }

    @Test
    void aNudgeOnAHolidayMovesToTheNextWorkingDayPastBusyDaysAndHolyDays() {
        // Monday 7 Dec 2026 is the substitution holiday for Father's Day.
        clock.setTo(bangkok("2026-12-07T09:00"));
        String harvest = group("กลุ่มส้มเกลี้ยง");
        String plain = group("กลุ่มน้ำส้ม");
        HttpResponse<String> busy = asAdmin("PUT", "/api/v1/groups/" + harvest + "/busy-days", "{\"dates\":[\"2026-12-08\"]}");
        assertThat(busy.statusCode()).as(busy.body()).isEqualTo(200);
        assertThat(asAdmin("PUT", "/api/v1/groups/" + harvest + "/busy-days", "{\"dates\":[\"8/12/2026\"]}").statusCode()).isEqualTo(400);
        assertThat(asAdmin("GET", "/api/v1/groups/" + harvest + "/busy-days", null).body()).contains("2026-12-08");

        assertThat(runner.fired("nudge", bangkok("2026-12-07T09:00")).counts()).containsEntry("nudgedDeferred", 2);
        runner.housekeeping();
        assertThat(pushedTo()).isEmpty();

        clock.setTo(bangkok("2026-12-08T09:00:01"));
        runner.housekeeping();
        assertThat(pushedTo()).containsExactly(plain);

        // 8 Dec busy, 9 Dec วันพระ, 10 Dec Constitution Day: Friday 11 Dec.
        clock.setTo(bangkok("2026-12-10T09:00:01"));
        runner.housekeeping();
        assertThat(pushedTo()).containsExactly(plain);
        clock.setTo(bangkok("2026-12-11T09:00:01"));
        runner.housekeeping();
        assertThat(pushedTo()).containsExactly(plain, harvest);
    }

    @Test
    void aDeferredNudgeIsDroppedWhenTheGroupReportsMeanwhile() {
        clock.setTo(bangkok("2026-12-07T09:00"));
        String group = group("กลุ่มขยัน");
        runner.fired("nudge", bangkok("2026-12-07T09:00"));

        checkIn(group, bangkok("2026-12-07T10:00"), 300);
        clock.setTo(bangkok("2026-12-08T09:00:01"));
        runner.housekeeping();

        assertThat(pushedTo()).isEmpty();
    }

    @Test
    void afterTwoMissedWeeksLeadersAndOfficersAreToldOneToOneButNotThoseWhoOptedOut() {
        clock.setTo(bangkok("2026-11-30T09:30"));
        String leader = id("U");
        String quietLeader = id("U");
        String officerLine = id("U");
        officer("maephrik", "แม่พริก", officerLine);
        officer("unlinked", "แม่พริก", null);
        officer("elsewhere", "งาว", id("U"));
        String silent = group("กลุ่มเงียบ", "แม่พริก", bangkok("2026-11-10T10:00"), List.of(leader, quietLeader));
        member(silent, leader, false);
        member(silent, quietLeader, true);
        String missedOne = group("กลุ่มพลาดสัปดาห์เดียว", "แม่พริก", bangkok("2026-11-10T10:00"), List.of(id("U")));
        checkIn(missedOne, bangkok("2026-11-18T10:00"), 100);
        String brandNew = group("กลุ่มใหม่", "แม่พริก", bangkok("2026-11-27T10:00"), List.of(id("U")));

        JobReport report = runner.fired("escalation", bangkok("2026-11-30T09:30"));

        assertThat(report.counts()).containsEntry("escalatedGroups", 1).containsEntry("leadersTold", 1).containsEntry("officersTold", 1)
                .containsEntry("leaderOptedOut", 1).containsEntry("officersNotLinked", 1);
        assertThat(pushedTo()).containsExactlyInAnyOrder(leader, officerLine);
        assertThat(text(messagesTo(leader).get(0))).contains("กลุ่มเงียบ").contains("2 สัปดาห์");
        assertThat(text(messagesTo(officerLine).get(0))).contains("กลุ่มเงียบ").contains("ยังไม่เคยรายงาน");

        HttpResponse<String> overdue = api("GET", "/api/v1/overdue", "maephrik", "officer-password-1", null);
        assertThat(overdue.statusCode()).isEqualTo(200);
        assertThat(overdue.body()).contains("\"lineGroupId\":\"" + silent + "\"").contains("\"missedPeriods\":2")
                .contains("\"lineGroupId\":\"" + missedOne + "\"").doesNotContain(brandNew);
        assertThat(api("GET", "/api/v1/overdue", "elsewhere", "officer-password-1", null).body()).doesNotContain(silent);
    }
}
