package org.sanphalang.schedule;

import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TimeZone;

import org.quartz.CronScheduleBuilder;
import org.quartz.CronTrigger;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.matchers.GroupMatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Keeps this instance's Quartz triggers (RAM job store) in step with the {@code schedules} collection: at start, at
 * once when an officer changes a schedule here, and on every housekeeping run (so a change made on another instance
 * arrives within {@code housekeeping-interval}; until then a stale trigger's firing is refused by {@link JobRunner}).
 */
@Component
class ScheduleTriggers {

    static final String GROUP = "sanphalang-schedules";
    static final String HOUSEKEEPING = "housekeeping";
    static final String SCHEDULE_ID = "scheduleId";

    private static final Logger log = LoggerFactory.getLogger(ScheduleTriggers.class);

    private final Scheduler scheduler;
    private final Schedules schedules;
    private final JobRunner runner;
    private final ScheduleSettings settings;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    ScheduleTriggers(Scheduler scheduler, Schedules schedules, JobRunner runner, ScheduleSettings settings, Clock clock,
                     ApplicationEventPublisher events) {
        this.events = events;
        this.scheduler = scheduler;
        this.schedules = schedules;
        this.runner = runner;
        this.settings = settings;
        this.clock = clock;
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        try {
            sync();
            JobDetail job = JobBuilder.newJob(ScheduleQuartzJob.class).withIdentity(HOUSEKEEPING, GROUP)
                    .usingJobData(SCHEDULE_ID, HOUSEKEEPING).storeDurably().build();
            Trigger every = TriggerBuilder.newTrigger().withIdentity(HOUSEKEEPING, GROUP).forJob(job).startNow()
                    .withSchedule(SimpleScheduleBuilder.simpleSchedule().repeatForever()
                            .withIntervalInMilliseconds(settings.housekeepingInterval().toMillis())
                            .withMisfireHandlingInstructionNextWithRemainingCount())
                    .build();
            scheduler.scheduleJob(job, Set.of(every), true);
        } catch (SchedulerException | RuntimeException e) {
            log.error("Could not set up the schedules' triggers", e);
        }
        // On a thread of its own: the app is not ready until its ready listeners return, and /actuator/health says
        // OUT_OF_SERVICE until then (Caddy takes the instance out). A catch-up runs a job over every group: the Monday
        // nudge and escalation over 10,000 groups held a start for more than two minutes (bench/RESULTS.md, session 23).
        Thread catchUp = new Thread(this::catchUp, "schedule-catch-up");
        catchUp.setDaemon(true);
        catchUp.start();
    }

    private void catchUp() {
        try {
            List<JobReport> reports = runner.catchUp();
            long ran = reports.stream().filter(JobReport::ran).count();
            finished(new MissedRunsCaughtUp((int) ran, reports.size() - (int) ran, false));
        } catch (RuntimeException e) {
            log.error("Catching up on missed job runs failed", e);
            finished(new MissedRunsCaughtUp(0, 0, true));
        }
    }

    private void finished(MissedRunsCaughtUp caughtUp) {
        try {
            events.publishEvent(caughtUp);
        } catch (IllegalStateException closing) {
            log.debug("The app stopped before its catch-up of missed runs ended: {}", caughtUp);
        }
    }

    /** Makes the triggers match the stored schedules. */
    synchronized void sync() {
        try {
            Set<JobKey> wanted = new HashSet<>();
            for (Schedule schedule : schedules.all()) {
                JobKey key = JobKey.jobKey(schedule.id(), GROUP);
                if (!schedule.enabled()) {
                    continue;
                }
                wanted.add(key);
                TriggerKey triggerKey = TriggerKey.triggerKey(schedule.id(), GROUP);
                Trigger existing = scheduler.getTrigger(triggerKey);
                if (existing instanceof CronTrigger cron && cron.getCronExpression().equals(schedule.cron())
                        && cron.getTimeZone().getID().equals(clock.getZone().getId())) {
                    continue;
                }
                JobDetail job = JobBuilder.newJob(ScheduleQuartzJob.class).withIdentity(key)
                        .usingJobData(SCHEDULE_ID, schedule.id()).storeDurably().build();
                Trigger trigger = TriggerBuilder.newTrigger().withIdentity(triggerKey).forJob(job)
                        .withSchedule(CronScheduleBuilder.cronSchedule(schedule.cron())
                                .inTimeZone(TimeZone.getTimeZone(clock.getZone()))
                                // Missed firings are caught up by JobRunner.catchUp, with its grace period and lease.
                                .withMisfireHandlingInstructionDoNothing())
                        .build();
                scheduler.scheduleJob(job, Set.of(trigger), true);
                log.info("Schedule {} set to '{}'", schedule.id(), schedule.cron());
            }
            for (JobKey key : scheduler.getJobKeys(GroupMatcher.jobGroupEquals(GROUP))) {
                if (!key.getName().equals(HOUSEKEEPING) && !wanted.contains(key)) {
                    scheduler.deleteJob(key);
                    log.info("Schedule {} stopped", key.getName());
                }
            }
        } catch (SchedulerException e) {
            throw new IllegalStateException("Quartz refused the schedules", e);
        }
    }

    CronTrigger trigger(String scheduleId) {
        try {
            return (CronTrigger) scheduler.getTrigger(TriggerKey.triggerKey(scheduleId, GROUP));
        } catch (SchedulerException e) {
            throw new IllegalStateException(e);
        }
    }
}
