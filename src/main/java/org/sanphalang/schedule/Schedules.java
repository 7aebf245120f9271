package org.sanphalang.schedule;

import static org.springframework.data.mongodb.core.query.Criteria.where;

import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TimeZone;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.quartz.CronExpression;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/** The schedules in force: each job's all-groups schedule (stored, else its default) and any per-group ones. */
@Component
class Schedules {

    private final MongoTemplate mongo;
    private final Clock clock;

    Schedules(MongoTemplate mongo, Clock clock) {
        this.mongo = mongo;
        this.clock = clock;
    }

    List<Schedule> all() {
        Map<String, Schedule> stored = mongo.find(new Query().with(Sort.by("_id")), Schedule.class).stream()
                .collect(Collectors.toMap(Schedule::id, Function.identity()));
        List<Schedule> out = new ArrayList<>();
        for (JobName job : JobName.values()) {
            out.add(stored.getOrDefault(job.id, Schedule.byDefault(job)));
        }
        stored.values().stream().filter(s -> s.lineGroupId() != null && JobName.of(s.name()).isPresent()).forEach(out::add);
        return out;
    }

    Optional<Schedule> find(String id) {
        Schedule stored = mongo.findById(id, Schedule.class);
        if (stored != null) {
            return Optional.of(stored);
        }
        return JobName.of(id).map(Schedule::byDefault);
    }

    /** Groups with a schedule of their own for this job (left out of the all-groups run). */
    Set<String> groupsWithOwn(JobName job) {
        return mongo.find(new Query(where("name").is(job.id).and("lineGroupId").ne(null)), Schedule.class).stream()
                .map(Schedule::lineGroupId).collect(Collectors.toCollection(HashSet::new));
    }

    Schedule save(JobName job, String lineGroupId, String cron, boolean enabled, String actor) {
        cron(cron); // validates
        Schedule schedule = new Schedule(Schedule.idOf(job.id, lineGroupId), job.id, lineGroupId, cron.strip(), enabled,
                clock.instant(), actor);
        mongo.save(schedule);
        return schedule;
    }

    /** Quartz's reading of a cron, in the service zone; throws IllegalArgumentException for one it cannot read. */
    CronExpression cron(String text) {
        if (text == null || text.isBlank() || !CronExpression.isValidExpression(text.strip())) {
            throw new IllegalArgumentException("Not a Quartz cron expression: " + text);
        }
        try {
            CronExpression cron = new CronExpression(text.strip());
            cron.setTimeZone(TimeZone.getTimeZone(clock.getZone()));
            return cron;
        } catch (ParseException e) {
            throw new IllegalArgumentException("Not a Quartz cron expression: " + text, e);
        }
    }

    Instant nextFire(Schedule schedule, Instant after) {
        Date next = cron(schedule.cron()).getNextValidTimeAfter(Date.from(after));
        return next == null ? null : next.toInstant();
    }

    /** The latest firing at or before {@code now}, looking back at most {@code days} days (Quartz cannot step backwards). */
    Instant lastFire(Schedule schedule, Instant now, int days) {
        CronExpression cron = cron(schedule.cron());
        Date cursor = Date.from(now.minusSeconds(days * 86_400L));
        Instant last = null;
        for (int i = 0; i < 100_000; i++) {
            Date next = cron.getNextValidTimeAfter(cursor);
            if (next == null || next.toInstant().isAfter(now)) {
                break;
            }
            last = next.toInstant();
            cursor = next;
        }
        return last;
    }

    /** Whether the schedule, as stored now, fires at this moment (a stale trigger on another instance does not count). */
    boolean firesAt(Schedule schedule, Instant at) {
        return schedule.enabled() && cron(schedule.cron()).isSatisfiedBy(Date.from(at));
    }
}
