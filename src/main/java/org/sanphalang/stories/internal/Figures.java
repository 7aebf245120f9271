package org.sanphalang.stories.internal;

import static org.springframework.data.mongodb.core.query.Criteria.where;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.sanphalang.checkin.CheckIn;
import org.sanphalang.checkin.CheckInHistory;
import org.sanphalang.checkin.Quantity;
import org.sanphalang.checkin.Summaries;
import org.sanphalang.checkin.Totals;
import org.sanphalang.needs.Need;
import org.sanphalang.needs.SupportRecord;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * The real figures behind a story: check-in totals of the scope's groups (the check-in module's rollups for weeks
 * and months, the live check-ins for a chosen range), needs resolved in the period (the last change to RESOLVED falls
 * in it) and support recorded for the groups in the period.
 */
@Component
public class Figures {

    private final Summaries summaries;
    private final CheckInHistory history;
    private final MongoTemplate mongo;
    private final Clock clock;

    Figures(Summaries summaries, CheckInHistory history, MongoTemplate mongo, Clock clock) {
        this.summaries = summaries;
        this.history = history;
        this.mongo = mongo;
        this.clock = clock;
    }

    public ZoneId zone() {
        return clock.getZone();
    }

    public Totals totals(List<String> groupIds, StoryPeriod period) {
        if (groupIds.isEmpty()) {
            return Totals.NONE;
        }
        if (period.kind() != StoryPeriod.Kind.RANGE) {
            return summaries.totals(groupIds, period.asPeriod()).values().stream().reduce(Totals.NONE, Totals::plus);
        }
        Totals sum = Totals.NONE;
        for (CheckIn c : history.between(groupIds, period.start(zone()), period.end(zone()))) {
            sum = sum.plus(of(c));
        }
        return sum;
    }

    static Totals of(CheckIn c) {
        BigDecimal revenue = c.revenueBaht() == null ? BigDecimal.ZERO : c.revenueBaht();
        return new Totals(quantity(c.produced()), quantity(c.sold()), revenue,
                c.costBaht() == null ? BigDecimal.ZERO : c.costBaht(), c.visitors() == null ? 0 : c.visitors(), 1,
                c.revenueBaht() == null ? Map.of() : Map.of(c.product() == null ? "-" : c.product(), revenue));
    }

    private static Map<String, BigDecimal> quantity(Quantity q) {
        if (q == null || q.qty() == null) {
            return Map.of();
        }
        Map<String, BigDecimal> out = new TreeMap<>();
        out.put(q.unit() == null ? "-" : q.unit(), q.qty());
        return out;
    }

    /** Needs of these groups whose (latest) resolution falls in the period. */
    public int needsResolved(List<String> groupIds, StoryPeriod period) {
        Instant from = period.start(zone());
        Instant to = period.end(zone());
        int count = 0;
        for (Need need : mongo.find(new Query(where("groupId").in(groupIds).and("status").is(Need.Status.RESOLVED)), Need.class)) {
            Instant resolved = need.history().stream().filter(ch -> ch.status() == Need.Status.RESOLVED).map(Need.Change::at)
                    .reduce((a, b) -> b).orElse(null);
            if (resolved != null && !resolved.isBefore(from) && resolved.isBefore(to)) {
                count++;
            }
        }
        return count;
    }

    public record Support(int count, List<String> agencies) {
    }

    /** Support recorded for these groups in the period, and which agencies gave it. */
    public Support support(List<String> groupIds, StoryPeriod period) {
        List<SupportRecord> records = mongo.find(new Query(where("groupId").in(groupIds)
                .and("at").gte(period.start(zone())).lt(period.end(zone()))), SupportRecord.class);
        LinkedHashSet<String> agencies = new LinkedHashSet<>();
        records.stream().filter(r -> r.agency() != null).forEach(r -> agencies.add(r.agency().name()));
        return new Support(records.size(), new ArrayList<>(agencies));
    }
}
