package org.sanphalang.checkin.internal;

import static org.springframework.data.mongodb.core.query.Criteria.where;

import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.bson.Document;
import org.bson.types.Decimal128;
import org.sanphalang.checkin.CheckIn;
import org.sanphalang.checkin.Period;
import org.sanphalang.checkin.Quantity;
import org.sanphalang.checkin.Totals;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * Per-group, per-period totals kept up to date on every write, so a summary reads one small document per group
 * instead of scanning check-ins. Each check-in is stored in its period's document under its own id: setting it
 * again (a retried event, an edit) or removing it (undo, unsend) is idempotent, so totals never count twice.
 */
@Component
public class Rollups {

    static final String COLLECTION = "rollups";

    private final MongoTemplate mongo;

    Rollups(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    public void put(CheckIn checkIn, ZoneId zone) {
        for (Period period : List.of(Period.weekOf(checkIn.at(), zone), Period.monthOf(checkIn.at(), zone))) {
            mongo.upsert(new Query(where("_id").is(id(checkIn.groupId(), period))),
                    new Update().set("groupId", checkIn.groupId()).set("period", period.key())
                            .set("items." + checkIn.id(), item(checkIn)), COLLECTION);
        }
    }

    public void remove(CheckIn checkIn, ZoneId zone) {
        for (Period period : List.of(Period.weekOf(checkIn.at(), zone), Period.monthOf(checkIn.at(), zone))) {
            mongo.updateFirst(new Query(where("_id").is(id(checkIn.groupId(), period))),
                    new Update().unset("items." + checkIn.id()), COLLECTION);
        }
    }

    public Totals totals(String groupId, Period period) {
        Document rollup = mongo.findById(id(groupId, period), Document.class, COLLECTION);
        return rollup == null ? Totals.NONE : totalsOf(rollup);
    }

    /** Totals of many groups for one period, in one query. */
    public Map<String, Totals> totals(List<String> groupIds, Period period) {
        List<String> ids = groupIds.stream().map(g -> id(g, period)).toList();
        Map<String, Totals> out = new HashMap<>();
        for (Document rollup : mongo.find(new Query(where("_id").in(ids)), Document.class, COLLECTION)) {
            out.put(rollup.getString("groupId"), totalsOf(rollup));
        }
        return out;
    }

    public long erase(List<String> checkInIds, List<String> groupIds) {
        long changed = 0;
        for (String id : checkInIds) {
            changed += mongo.updateMulti(new Query(where("groupId").in(groupIds)), new Update().unset("items." + id), COLLECTION)
                    .getModifiedCount();
        }
        return changed;
    }

    private static String id(String groupId, Period period) {
        return groupId + "|" + period.key();
    }

    private static Document item(CheckIn c) {
        Document item = new Document();
        if (c.produced() != null) {
            item.put("produced", quantity(c.produced()));
        }
        if (c.sold() != null) {
            item.put("sold", quantity(c.sold()));
        }
        if (c.revenueBaht() != null) {
            item.put("revenueBaht", new Decimal128(c.revenueBaht()));
        }
        if (c.costBaht() != null) {
            item.put("costBaht", new Decimal128(c.costBaht()));
        }
        if (c.visitors() != null) {
            item.put("visitors", c.visitors());
        }
        item.put("product", c.product() == null ? "-" : c.product());
        return item;
    }

    private static Document quantity(Quantity q) {
        return new Document("qty", new Decimal128(q.qty())).append("unit", q.unit() == null ? "-" : q.unit());
    }

    private static Totals totalsOf(Document rollup) {
        Document items = rollup.get("items", Document.class);
        if (items == null || items.isEmpty()) {
            return Totals.NONE;
        }
        Map<String, BigDecimal> produced = new TreeMap<>();
        Map<String, BigDecimal> sold = new TreeMap<>();
        Map<String, BigDecimal> byProduct = new TreeMap<>();
        BigDecimal revenue = BigDecimal.ZERO;
        BigDecimal cost = BigDecimal.ZERO;
        int visitors = 0;
        for (Object value : items.values()) {
            Document item = (Document) value;
            addQuantity(produced, item.get("produced", Document.class));
            addQuantity(sold, item.get("sold", Document.class));
            BigDecimal r = decimal(item.get("revenueBaht"));
            revenue = revenue.add(r);
            cost = cost.add(decimal(item.get("costBaht")));
            visitors += item.getInteger("visitors", 0);
            byProduct.merge(item.getString("product") == null ? "-" : item.getString("product"), r, BigDecimal::add);
        }
        return new Totals(produced, sold, revenue, cost, visitors, items.size(), byProduct);
    }

    private static void addQuantity(Map<String, BigDecimal> into, Document q) {
        if (q != null) {
            into.merge(q.getString("unit"), decimal(q.get("qty")), BigDecimal::add);
        }
    }

    private static BigDecimal decimal(Object value) {
        if (value instanceof Decimal128 d) {
            return d.bigDecimalValue();
        }
        if (value instanceof Number n) {
            return new BigDecimal(n.toString());
        }
        return BigDecimal.ZERO;
    }
}
