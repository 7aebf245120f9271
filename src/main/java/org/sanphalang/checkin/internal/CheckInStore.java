package org.sanphalang.checkin.internal;

import static org.springframework.data.mongodb.core.query.Criteria.where;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.sanphalang.checkin.CheckIn;
import org.sanphalang.checkin.CheckInLogged;
import org.sanphalang.checkin.ParsedMessage;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * Writes check-ins and keeps the rollups in step. Every write is keyed on the check-in's id, so a retried event
 * changes nothing further; an edit or a late message only wins if LINE's timestamp says it is the latest.
 */
@Component
public class CheckInStore {

    private final MongoTemplate mongo;
    private final Rollups rollups;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    CheckInStore(MongoTemplate mongo, Rollups rollups, ApplicationEventPublisher events, Clock clock) {
        this.mongo = mongo;
        this.rollups = rollups;
        this.events = events;
        this.clock = clock;
    }

    public static CheckIn of(String id, String groupId, String userId, Instant at, String text, ParsedMessage p, String product,
                             String source) {
        return new CheckIn(id, groupId, userId, at, text, p.produced(), p.sold(), p.revenueBaht(), p.costBaht(), p.visitors(),
                product, source, at, false, List.of());
    }

    /** Records a new check-in; a second record of the same id (a retried event) leaves the first as it is. */
    public CheckIn record(CheckIn checkIn) {
        try {
            mongo.insert(checkIn);
        } catch (DuplicateKeyException alreadyRecorded) {
            CheckIn existing = mongo.findById(checkIn.id(), CheckIn.class);
            if (existing != null) {
                // A crash may have come between the insert and the rollup: setting it again is harmless.
                if (!existing.cancelled()) {
                    rollups.put(existing, clock.getZone());
                }
                return existing;
            }
        }
        rollups.put(checkIn, clock.getZone());
        events.publishEvent(new CheckInLogged(checkIn, false));
        return checkIn;
    }

    /**
     * Replaces the figures of a check-in (an edit, or a correction after แก้ไข) unless a later version is already
     * there. Creates it when the original message never counted as a check-in.
     */
    public Optional<CheckIn> replace(CheckIn updated) {
        CheckIn existing = mongo.findById(updated.id(), CheckIn.class);
        if (existing == null) {
            return Optional.of(record(updated));
        }
        if (existing.lastEventAt() != null && updated.lastEventAt().isBefore(existing.lastEventAt())) {
            return Optional.empty();
        }
        CheckIn merged = new CheckIn(existing.id(), existing.groupId(), existing.lineUserId(), existing.at(), updated.text(),
                updated.produced(), updated.sold(), updated.revenueBaht(), updated.costBaht(), updated.visitors(),
                updated.product() != null ? updated.product() : existing.product(), existing.source(), updated.lastEventAt(),
                false, existing.photoIds());
        mongo.save(merged);
        rollups.put(merged, clock.getZone());
        events.publishEvent(new CheckInLogged(merged, false));
        return Optional.of(merged);
    }

    /** Undo (ยกเลิก): kept as cancelled so the card's buttons answer sensibly, but out of every total. */
    public Optional<CheckIn> cancel(String id, String groupId) {
        CheckIn existing = mongo.findOne(new Query(where("_id").is(id).and("groupId").is(groupId)), CheckIn.class);
        if (existing == null || existing.cancelled()) {
            return Optional.empty();
        }
        mongo.updateFirst(new Query(where("_id").is(id)), new Update().set("cancelled", true), CheckIn.class);
        rollups.remove(existing, clock.getZone());
        events.publishEvent(new CheckInLogged(existing, true));
        return Optional.of(existing);
    }

    /** Unsend: LINE asks that the content be deleted, not only hidden. */
    public Optional<CheckIn> delete(String id, String groupId) {
        CheckIn existing = mongo.findAndRemove(new Query(where("_id").is(id).and("groupId").is(groupId)), CheckIn.class);
        if (existing != null) {
            rollups.remove(existing, clock.getZone());
            events.publishEvent(new CheckInLogged(existing, true));
        }
        return Optional.ofNullable(existing);
    }

    public Optional<CheckIn> find(String id, String groupId) {
        return Optional.ofNullable(mongo.findOne(new Query(where("_id").is(id).and("groupId").is(groupId)), CheckIn.class));
    }

    /** The person's latest live check-in in a group since a moment (photos attach to it). */
    public Optional<CheckIn> latestBy(String groupId, String userId, Instant since) {
        return Optional.ofNullable(mongo.findOne(new Query(where("groupId").is(groupId).and("lineUserId").is(userId)
                .and("at").gte(since).and("cancelled").is(false)).with(Sort.by(Sort.Direction.DESC, "at")), CheckIn.class));
    }

    public void attachPhoto(String checkInId, String photoId) {
        mongo.updateFirst(new Query(where("_id").is(checkInId)), new Update().addToSet("photoIds", photoId), CheckIn.class);
    }

    public List<CheckIn> ofGroup(String groupId, int limit) {
        return mongo.find(new Query(where("groupId").is(groupId)).with(Sort.by(Sort.Direction.DESC, "at")).limit(limit), CheckIn.class);
    }

    /** Whether the group has a live check-in in [from, to). */
    public boolean anyBetween(String groupId, Instant from, Instant to) {
        return mongo.exists(new Query(where("groupId").is(groupId).and("at").gte(from).lt(to).and("cancelled").is(false)), CheckIn.class);
    }
}
