package org.sanphalang.schedule;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * When a job runs: for all groups ({@code lineGroupId} null) or for one group, which then leaves the all-groups run.
 *
 * @param id {@code name} for all groups, {@code name|lineGroupId} for one
 */
@Document(Schedule.COLLECTION)
record Schedule(@Id String id, String name, String lineGroupId, String cron, boolean enabled, Instant updatedAt,
                String updatedBy) {

    static final String COLLECTION = "schedules";

    static String idOf(String name, String lineGroupId) {
        return lineGroupId == null ? name : name + "|" + lineGroupId;
    }

    JobName job() {
        return JobName.of(name).orElseThrow();
    }

    static Schedule byDefault(JobName job) {
        return new Schedule(job.id, job.id, null, job.defaultCron, true, null, null);
    }
}
