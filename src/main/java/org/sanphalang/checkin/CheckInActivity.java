package org.sanphalang.checkin;

import static org.springframework.data.mongodb.core.query.Criteria.where;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import org.sanphalang.checkin.internal.CheckInStore;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/** Whether and when a group last reported, for reminders, escalations and streaks (live check-ins only). */
@Component
public class CheckInActivity {

    private final CheckInStore store;
    private final MongoTemplate mongo;
    private final Clock clock;

    CheckInActivity(CheckInStore store, MongoTemplate mongo, Clock clock) {
        this.store = store;
        this.mongo = mongo;
        this.clock = clock;
    }

    /** Whether the group has a live check-in within the period, reckoned in the service zone. */
    public boolean checkedIn(String groupId, Period period) {
        return store.anyBetween(groupId, period.start(clock.getZone()), period.end(clock.getZone()));
    }

    /** When the group's latest live check-in was made. */
    public Optional<Instant> lastCheckIn(String groupId) {
        CheckIn latest = mongo.findOne(new Query(where("groupId").is(groupId).and("cancelled").is(false))
                .with(Sort.by(Sort.Direction.DESC, "at")).limit(1), CheckIn.class);
        return Optional.ofNullable(latest).map(CheckIn::at);
    }
}
