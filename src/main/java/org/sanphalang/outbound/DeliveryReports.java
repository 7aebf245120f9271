package org.sanphalang.outbound;

import static org.springframework.data.mongodb.core.query.Criteria.where;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * What became of a family of messages enqueued under keys sharing a prefix (a broadcast's pushes, one job run's
 * nudges): counts by state, and the state per recipient.
 */
@Component
public class DeliveryReports {

    private final MongoTemplate mongo;

    DeliveryReports(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    public record Delivery(String to, String status, String error) {
    }

    public record Report(int total, int sent, int pending, int failed, List<Delivery> deliveries) {
    }

    public Report byKeyPrefix(String keyPrefix) {
        Query query = new Query(where("_id").regex("^" + Pattern.quote(keyPrefix)));
        query.fields().include("to").include("status").include("lastError");
        List<Delivery> deliveries = mongo.find(query, Document.class, "outbox").stream()
                .map(d -> new Delivery(d.getString("to"), d.getString("status"), d.getString("lastError"))).toList();
        Map<String, Integer> counts = new LinkedHashMap<>();
        deliveries.forEach(d -> counts.merge(d.status(), 1, Integer::sum));
        int sent = counts.getOrDefault("SENT", 0);
        int failed = counts.getOrDefault("DEAD", 0);
        return new Report(deliveries.size(), sent, deliveries.size() - sent - failed, failed, deliveries);
    }
}
