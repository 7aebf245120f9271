package org.sanphalang.schedule;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.sanphalang.checkin.Period;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Runs jobs: when Quartz fires them, when an administrator asks, and once after downtime for a firing missed by less
 * than the grace period. A scheduled or caught-up run first claims its (job, period) lease in {@code job_runs}, so
 * with several instances each period runs once.
 */
@Component
class JobRunner {

    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

    private final Schedules schedules;
    private final JobRuns runs;
    private final FollowUpJobs jobs;
    private final ScheduledSends sends;
    private final ScheduleSettings settings;
    private final Clock clock;
    private final String instance;

    @org.springframework.beans.factory.annotation.Autowired
    JobRunner(Schedules schedules, JobRuns runs, FollowUpJobs jobs, ScheduledSends sends, ScheduleSettings settings, Clock clock) {
        this(schedules, runs, jobs, sends, settings, clock,
                ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8));
    }

    /** For a second "instance" in tests: same store, another name. */
    JobRunner(Schedules schedules, JobRuns runs, FollowUpJobs jobs, ScheduledSends sends, ScheduleSettings settings, Clock clock,
              String instance) {
        this.schedules = schedules;
        this.runs = runs;
        this.jobs = jobs;
        this.sends = sends;
        this.settings = settings;
        this.clock = clock;
        this.instance = instance;
    }

    /** Quartz fired the schedule with this id for this moment. */
    JobReport fired(String scheduleId, Instant scheduledFor) {
        Schedule schedule = schedules.find(scheduleId).orElse(null);
        if (schedule == null) {
            log.info("Schedule {} is gone; its trigger fired for nothing", scheduleId);
            return null;
        }
        if (!schedules.firesAt(schedule, scheduledFor)) {
            return JobReport.notRun(schedule.job(), null, schedule.lineGroupId(), "schedule changed or disabled");
        }
        return runLeased(schedule, scheduledFor);
    }

    private JobReport runLeased(Schedule schedule, Instant scheduledFor) {
        JobName job = schedule.job();
        Period period = job.periodOn(scheduledFor.atZone(clock.getZone()).toLocalDate());
        String leaseId = JobRuns.idOf(job, schedule.lineGroupId(), period.key());
        if (!runs.claim(leaseId, job, schedule.lineGroupId(), period.key(), scheduledFor, instance)) {
            log.debug("{} already ran (or is running) elsewhere", leaseId);
            return JobReport.notRun(job, period.key(), schedule.lineGroupId(), "already run for this period");
        }
        JobReport report = jobs.run(job, period, schedule.lineGroupId(),
                schedule.lineGroupId() == null ? schedules.groupsWithOwn(job) : Set.of(), scheduledFor);
        runs.finish(leaseId, report.counts());
        log.info("{} ran on {}: {}", leaseId, instance, report.counts());
        return report;
    }

    /** An administrator's "run now", for every group, about the current period; sends only what was not sent yet. */
    JobReport runNow(JobName job) {
        Instant now = clock.instant();
        Period period = job.periodOn(now.atZone(clock.getZone()).toLocalDate());
        return jobs.run(job, period, null, Set.of(), now);
    }

    /**
     * After downtime: for each schedule, the latest firing that should have happened; if no run is recorded for its
     * period, run it now when within the grace period, else record it as skipped.
     */
    List<JobReport> catchUp() {
        Instant now = clock.instant();
        List<JobReport> reports = new ArrayList<>();
        for (Schedule schedule : schedules.all()) {
            if (!schedule.enabled()) {
                continue;
            }
            Instant last = schedules.lastFire(schedule, now, 40);
            if (last == null) {
                continue;
            }
            JobName job = schedule.job();
            Period period = job.periodOn(last.atZone(clock.getZone()).toLocalDate());
            String leaseId = JobRuns.idOf(job, schedule.lineGroupId(), period.key());
            if (runs.exists(leaseId)) {
                continue;
            }
            Duration late = Duration.between(last, now);
            if (late.compareTo(settings.grace()) <= 0) {
                log.warn("{} was due at {} and did not run; running it now ({} late)", leaseId, last, late);
                reports.add(runLeased(schedule, last));
            } else if (runs.skipped(leaseId, job, schedule.lineGroupId(), period.key(), last, instance,
                    "missed by " + late + ", beyond the grace period of " + settings.grace())) {
                log.warn("{} was due at {} and did not run; skipped, {} late is beyond the grace period of {}",
                        leaseId, last, late, settings.grace());
                reports.add(JobReport.notRun(job, period.key(), schedule.lineGroupId(), "skipped: missed beyond the grace period"));
            }
        }
        return reports;
    }

    /** Frequent internal job: send deferred messages that are due. */
    int housekeeping() {
        return sends.sendDue();
    }
}
