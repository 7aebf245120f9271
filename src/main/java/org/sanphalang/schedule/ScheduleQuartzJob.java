package org.sanphalang.schedule;

import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;

/**
 * What Quartz runs: a schedule's firing (handed to {@link JobRunner} with the moment it was due) or the housekeeping
 * run. Created by Spring Boot's job factory, which injects the constructor's arguments.
 */
public class ScheduleQuartzJob implements Job {

    private static final Logger log = LoggerFactory.getLogger(ScheduleQuartzJob.class);

    private final ObjectProvider<JobRunner> runner;
    private final ObjectProvider<ScheduleTriggers> triggers;

    ScheduleQuartzJob(ObjectProvider<JobRunner> runner, ObjectProvider<ScheduleTriggers> triggers) {
        this.runner = runner;
        this.triggers = triggers;
    }

    @Override
    public void execute(JobExecutionContext context) {
        String id = context.getMergedJobDataMap().getString(ScheduleTriggers.SCHEDULE_ID);
        try {
            if (ScheduleTriggers.HOUSEKEEPING.equals(id)) {
                triggers.getObject().sync();
                runner.getObject().housekeeping();
            } else {
                runner.getObject().fired(id, context.getScheduledFireTime().toInstant());
            }
        } catch (RuntimeException e) {
            // Each message is keyed, so the next firing or a manual run can safely repeat what this one did.
            log.error("Scheduled job {} failed", id, e);
        }
    }
}
