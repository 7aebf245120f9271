package org.sanphalang.checkin;

import static org.springframework.data.mongodb.core.query.Criteria.where;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/** Check-ins as recorded, for reports and exports; always for named groups (callers scope them). */
@Component
public class CheckInHistory {

    private final MongoTemplate mongo;

    CheckInHistory(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** Live (not undone) check-ins of these groups in [from, to), oldest first. */
    public List<CheckIn> between(Collection<String> groupIds, Instant from, Instant to) {
        return mongo.find(new Query(where("groupId").in(groupIds).and("at").gte(from).lt(to).and("cancelled").is(false))
                .with(Sort.by("at")), CheckIn.class);
    }
}
