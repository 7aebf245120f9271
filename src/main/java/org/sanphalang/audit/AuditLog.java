package org.sanphalang.audit;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

@Component
public class AuditLog {

    private final MongoTemplate mongo;
    private final Clock clock;

    AuditLog(MongoTemplate mongo, Clock clock) {
        this.mongo = mongo;
        this.clock = clock;
    }

    public void record(String actor, String action, String target, Map<String, String> details) {
        mongo.insert(new AuditEntry(null, clock.instant(), actor, action, target, details == null ? Map.of() : Map.copyOf(details)));
    }

    public List<AuditEntry> latest(int limit) {
        return mongo.find(new Query().with(Sort.by(Sort.Direction.DESC, "at")).limit(Math.max(1, Math.min(limit, 1000))), AuditEntry.class);
    }
}
