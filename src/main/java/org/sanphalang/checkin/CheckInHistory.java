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

    /** A photo attached to a check-in: its group (for scoping), type and bytes. */
    public record Photo(String id, String groupId, String contentType, byte[] data) {
    }

    public java.util.Optional<Photo> photo(String id) {
        org.bson.Document d = mongo.findById(id, org.bson.Document.class, "photos");
        if (d == null || !(d.get("data") instanceof org.bson.types.Binary bytes)) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new Photo(id, d.getString("groupId"), d.getString("contentType"), bytes.getData()));
    }

    /** Live (not undone) check-ins of these groups in [from, to), oldest first. */
    public List<CheckIn> between(Collection<String> groupIds, Instant from, Instant to) {
        return mongo.find(new Query(where("groupId").in(groupIds).and("at").gte(from).lt(to).and("cancelled").is(false))
                .with(Sort.by("at")), CheckIn.class);
    }
}
