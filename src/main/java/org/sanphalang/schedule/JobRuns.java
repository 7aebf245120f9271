package org.sanphalang.schedule;

import static org.springframework.data.mongodb.core.query.Criteria.where;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * The lease and ledger of job runs: one document per (job, [group,] period), {@code _id} e.g.
 * {@code weekly-summary|2026-W48}. Inserting it is the claim — MongoDB's unique {@code _id} lets exactly one instance
 * win — and the document then records what the run did, or that a firing missed during downtime was skipped.
 */
@Component
class JobRuns {

    enum Status { RUNNING, DONE, SKIPPED }

    @Document("job_runs")
    record JobRun(@Id String id, String job, String lineGroupId, String period, Instant scheduledFor, Instant startedAt,
                  Instant finishedAt, String instance, Status status, String note, Map<String, Integer> counts) {
    }

    private final MongoTemplate mongo;
    private final Clock clock;

    JobRuns(MongoTemplate mongo, Clock clock) {
        this.mongo = mongo;
        this.clock = clock;
    }

    static String idOf(JobName job, String lineGroupId, String period) {
        return job.id + (lineGroupId == null ? "" : "|" + lineGroupId) + "|" + period;
    }

    /** @return true for the one caller that gets to run this (job, period) */
    boolean claim(String id, JobName job, String lineGroupId, String period, Instant scheduledFor, String instance) {
        try {
            mongo.insert(new JobRun(id, job.id, lineGroupId, period, scheduledFor, clock.instant(), null, instance, Status.RUNNING,
                    null, null));
            return true;
        } catch (DuplicateKeyException taken) {
            return false;
        }
    }

    void finish(String id, Map<String, Integer> counts) {
        mongo.updateFirst(new Query(where("_id").is(id)), new Update().set("status", Status.DONE)
                .set("finishedAt", clock.instant()).set("counts", counts), JobRun.class);
    }

    /** Records a firing that will not run; false if the period already has a record. */
    boolean skipped(String id, JobName job, String lineGroupId, String period, Instant scheduledFor, String instance, String note) {
        try {
            mongo.insert(new JobRun(id, job.id, lineGroupId, period, scheduledFor, clock.instant(), clock.instant(), instance,
                    Status.SKIPPED, note, null));
            return true;
        } catch (DuplicateKeyException exists) {
            return false;
        }
    }

    boolean exists(String id) {
        return mongo.exists(new Query(where("_id").is(id)), JobRun.class);
    }

    JobRun find(String id) {
        return mongo.findById(id, JobRun.class);
    }
}
