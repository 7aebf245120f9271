package org.sanphalang.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** One run per period across instances and downtime; summaries, streaks and rollups; the schedule and job APIs. */
class ScheduleRunsTest extends ScheduleSupport {

    @Autowired
    Schedules schedules;
    @Autowired
    JobRuns runs;
    @Autowired
    FollowUpJobs jobs;
    @Autowired
    ScheduleSettings settings;

    @Test
    void twoInstancesFiringTheSameMomentSendOnce() throws Exception {
        clock.setTo(bangkok("2026-11-30T09:00"));
        String a = group("กลุ่ม A");
        String b = group("กลุ่ม B");
        JobRunner other = new JobRunner(schedules, runs, jobs, sends, settings, clock, "instance-2");
        Instant firing = bangkok("2026-11-30T09:00");
        CyclicBarrier together = new CyclicBarrier(2);

        CompletableFuture<JobReport> first = CompletableFuture.supplyAsync(() -> await(together, () -> runner.fired("nudge", firing)));
        CompletableFuture<JobReport> second = CompletableFuture.supplyAsync(() -> await(together, () -> other.fired("nudge", firing)));

        List<JobReport> reports = List.of(first.get(), second.get());
        assertThat(reports).filteredOn(JobReport::ran).hasSize(1);
        assertThat(reports).filteredOn(r -> !r.ran()).singleElement().extracting(JobReport::note).isEqualTo("already run for this period");
        assertThat(pushedTo()).containsExactlyInAnyOrder(a, b);
        assertThat(mongo.count(new org.springframework.data.mongodb.core.query.Query(), "job_runs")).isEqualTo(1);
    }

    private static JobReport await(CyclicBarrier barrier, java.util.function.Supplier<JobReport> run) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return run.get();
    }

    @Test
    void afterDowntimeAFiringMissedWithinTheGracePeriodRunsOnceAndOneMissedLongerIsSkipped() {
        String group = group("กลุ่มหลังเครื่องดับ");
        // Back up at 12:00 on Monday: the 09:00 nudge and 09:30 escalation are 3h late (grace 6h); Sunday's summary 18h.
        clock.setTo(bangkok("2026-11-30T12:00"));

        List<JobReport> caughtUp = runner.catchUp();

        assertThat(caughtUp).filteredOn(JobReport::ran).extracting(JobReport::job).containsExactlyInAnyOrder("nudge", "escalation");
        assertThat(pushedTo()).containsExactly(group);
        assertThat(mongo.findById("nudge|2026-W49", Document.class, "job_runs").getString("status")).isEqualTo("DONE");
        Document skipped = mongo.findById("weekly-summary|2026-W48", Document.class, "job_runs");
        assertThat(skipped.getString("status")).isEqualTo("SKIPPED");
        assertThat(skipped.getString("note")).contains("beyond the grace period");
        assertThat(mongo.findById("monthly-summary|2026-10", Document.class, "job_runs").getString("status")).isEqualTo("SKIPPED");

        // A second start (or the other instance starting) finds every period recorded and does nothing.
        assertThat(runner.catchUp()).isEmpty();
        assertThat(pushedTo()).containsExactly(group);
    }

    @Test
    void aFiringMissedBeyondTheGracePeriodSendsNothing() {
        group("กลุ่มนาน");
        clock.setTo(bangkok("2026-11-30T15:01"));

        runner.catchUp();

        assertThat(pushedTo()).isEmpty();
        assertThat(mongo.findById("nudge|2026-W49", Document.class, "job_runs").getString("status")).isEqualTo("SKIPPED");
    }

    @Test
    void theWeeklySummaryGoesToEachGroupWithAStreakCheerAndOfficersGetTheirDistrictRollup() {
        clock.setTo(bangkok("2026-11-29T18:00"));
        String steady = group("กลุ่มข้าวแต๋นขยัน");
        checkIn(steady, bangkok("2026-11-11T10:00"), 1000);
        checkIn(steady, bangkok("2026-11-18T10:00"), 1500);
        checkIn(steady, bangkok("2026-11-29T17:00"), 3750);
        String quiet = group("กลุ่มกล้วยตากเงียบ");
        String officerLine = id("U");
        officer("maephrik", "แม่พริก", officerLine);

        JobReport report = runner.fired("weekly-summary", bangkok("2026-11-29T18:00"));

        assertThat(report.period()).isEqualTo("2026-W48");
        assertThat(report.counts()).containsEntry("cardsSent", 1).containsEntry("streaksCelebrated", 1)
                .containsEntry("nothingToSummarise", 1).containsEntry("officerRollups", 1);
        List<com.fasterxml.jackson.databind.JsonNode> toGroup = messagesTo(steady);
        assertThat(toGroup).hasSize(2);
        assertThat(toGroup.get(0).path("type").asText()).isEqualTo("flex");
        assertThat(text(toGroup.get(0))).contains("กลุ่มข้าวแต๋นขยัน").contains("3,750");
        assertThat(toGroup.get(0).path("contents").has("hero")).as("no chart without a public base URL").isFalse();
        assertThat(text(toGroup.get(1))).contains("3 สัปดาห์");
        assertThat(messagesTo(quiet)).isEmpty();
        String rollup = text(messagesTo(officerLine).get(0));
        assertThat(rollup).contains("รายงานผลแล้ว 1 จาก 2 กลุ่ม").contains("กลุ่มกล้วยตากเงียบ").contains("ข้าวแต๋น 3,750 บาท");
        LINE.assertNoViolations();
    }

    @Test
    void theMonthlySummaryOnTheFirstCoversLastMonthAcrossTheYearEnd() {
        clock.setTo(bangkok("2027-01-01T09:00"));
        String group = group("กลุ่มปลายปี");
        checkIn(group, bangkok("2026-12-31T23:30"), 900);

        JobReport report = runner.fired("monthly-summary", bangkok("2027-01-01T09:00"));

        assertThat(report.period()).isEqualTo("2026-12");
        assertThat(text(messagesTo(group).get(0))).contains("900");
    }

    @Test
    void theChartIsAPublicPngWithoutPersonalData() {
        String group = group("กลุ่มกราฟ");
        checkIn(group, bangkok("2026-11-25T10:00"), 1200);

        HttpResponse<byte[]> png = png("/charts/" + group + "/2026-W48.png");
        assertThat(png.statusCode()).isEqualTo(200);
        assertThat(png.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(png.body()).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
        assertThat(http.get("/charts/" + id("C") + "/2026-W48.png").statusCode()).isEqualTo(404);
        assertThat(http.get("/charts/" + group + "/yesterday.png").statusCode()).isEqualTo(404);
        assertThat(jobs.chartUrl(group, org.sanphalang.checkin.Period.parse("2026-W48"))).isNull();
    }

    private HttpResponse<byte[]> png(String path) {
        try {
            return java.net.http.HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(http.base() + path)).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void officersReadAndChangeSchedulesAndABadCronIsRefused() {
        HttpResponse<String> list = asAdmin("GET", "/api/v1/schedules", null);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains("\"name\":\"nudge\"").contains("0 0 9 ? * MON").contains("weekly-summary")
                .contains("monthly-summary").contains("escalation").contains("Asia/Bangkok");

        assertThat(asAdmin("PUT", "/api/v1/schedules/nudge", "{\"cron\":\"every monday\"}").statusCode()).isEqualTo(400);
        assertThat(asAdmin("PUT", "/api/v1/schedules/coffee", "{\"cron\":\"0 0 9 ? * MON\"}").statusCode()).isEqualTo(404);

        HttpResponse<String> changed = asAdmin("PUT", "/api/v1/schedules/nudge", "{\"cron\":\"0 0 10 ? * TUE\",\"enabled\":true}");
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        assertThat(triggers.trigger("nudge").getCronExpression()).as("rescheduled at once").isEqualTo("0 0 10 ? * TUE");
        assertThat(triggers.trigger("nudge").getTimeZone().getID()).isEqualTo("Asia/Bangkok");

        // An officer for one amphoe may give one of their groups its own time, but not change everyone's.
        officer("maephrik", "แม่พริก", null);
        String mine = group("กลุ่มของฉัน");
        assertThat(api("PUT", "/api/v1/schedules/nudge", "maephrik", "officer-password-1", "{\"cron\":\"0 0 8 ? * MON\"}").statusCode())
                .isEqualTo(403);
        HttpResponse<String> own = api("PUT", "/api/v1/schedules/nudge", "maephrik", "officer-password-1",
                "{\"cron\":\"0 0 8 ? * THU\",\"lineGroupId\":\"" + mine + "\"}");
        assertThat(own.statusCode()).as(own.body()).isEqualTo(200);
        assertThat(triggers.trigger("nudge|" + mine).getCronExpression()).isEqualTo("0 0 8 ? * THU");

        // The group with its own schedule leaves the all-groups run, and the old Monday time no longer fires.
        String other = group("กลุ่มอื่น");
        clock.setTo(bangkok("2026-12-01T10:00"));
        assertThat(runner.fired("nudge", bangkok("2026-11-30T09:00")).ran()).isFalse();
        runner.fired("nudge", bangkok("2026-12-01T10:00"));
        assertThat(pushedTo()).containsExactly(other);
        clock.setTo(bangkok("2026-12-03T08:00"));
        runner.fired("nudge|" + mine, bangkok("2026-12-03T08:00"));
        assertThat(pushedTo()).containsExactly(other, mine);

        asAdmin("PUT", "/api/v1/schedules/nudge", "{\"cron\":\"0 0 9 ? * MON\",\"enabled\":false}");
        assertThat(triggers.trigger("nudge")).isNull();
    }

    @Test
    void anAdministratorRunsAJobNowAndSeesWhatItDid() {
        clock.setTo(bangkok("2026-11-30T10:00"));
        String group = group("กลุ่มกดเอง");
        officer("maephrik", "แม่พริก", null);

        assertThat(api("POST", "/api/v1/jobs/nudge/run", "maephrik", "officer-password-1", null).statusCode()).isEqualTo(403);
        HttpResponse<String> run = asAdmin("POST", "/api/v1/jobs/nudge/run", null);
        assertThat(run.statusCode()).as(run.body()).isEqualTo(200);
        assertThat(run.body()).contains("\"job\":\"nudge\"").contains("\"period\":\"2026-W49\"").contains("\"nudged\":1");
        assertThat(asAdmin("POST", "/api/v1/jobs/escalation/run", null).body()).contains("\"escalatedGroups\":1");
        assertThat(asAdmin("POST", "/api/v1/jobs/weekly-summary/run", null).body()).contains("\"period\":\"2026-W48\"");
        assertThat(asAdmin("POST", "/api/v1/jobs/monthly-summary/run", null).body()).contains("\"period\":\"2026-11\"");
        assertThat(asAdmin("POST", "/api/v1/jobs/nope/run", null).statusCode()).isEqualTo(404);
        assertThat(pushedTo()).containsExactly(group);
    }
}
