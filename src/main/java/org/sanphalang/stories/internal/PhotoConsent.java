package org.sanphalang.stories.internal;

import static org.springframework.data.mongodb.core.query.Criteria.where;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.bson.Document;
import org.bson.types.Binary;
import org.sanphalang.checkin.CheckIn;
import org.sanphalang.checkin.CheckInHistory;
import org.sanphalang.groups.Groups;
import org.sanphalang.groups.LineGroup;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * Which check-in photos a story may show. The rule — checked when the draft is made, when the officer selects
 * photos, and again every time a published photo is served (so a later objection takes effect at once):
 * <ol>
 *   <li>the photo is attached to a live (not undone, not unsent) check-in of the story's period, from a group in
 *       the story's scope;</li>
 *   <li>that group is registered and still has the bot, has been shown the privacy notice
 *       ({@code groups.privacyNoticeAt} set — it was told what is kept and why) and has not paused participation
 *       ({@code nudgesPaused});</li>
 *   <li>the person who sent it has a member record in that group and is still an active member (someone who left
 *       the group, or whose data was erased, has none);</li>
 *   <li>that person has never asked for erasure ({@code erasure_requests}, kept by the privacy module, keyed by
 *       LINE user id) — even while the officer has not yet acted on it.</li>
 * </ol>
 * {@code group_members.nudgesOff} is about reminders only and does not count either way. Nothing here shows who sent
 * a photo: the public page names groups, never people.
 */
@Component
public class PhotoConsent {

    static final String PHOTOS = "photos";
    static final String ERASURE_REQUESTS = "erasure_requests";
    public static final int MAX_CANDIDATES = 12;

    private final MongoTemplate mongo;
    private final Groups groups;
    private final CheckInHistory history;
    private final Figures figures;

    PhotoConsent(MongoTemplate mongo, Groups groups, CheckInHistory history, Figures figures) {
        this.mongo = mongo;
        this.groups = groups;
        this.history = history;
        this.figures = figures;
    }

    public record Photo(String id, String contentType, byte[] data) {
    }

    /** Photos of the period's live check-ins in these groups that pass the rule, oldest first, at most {@link #MAX_CANDIDATES}. */
    public List<String> candidates(List<String> groupIds, StoryPeriod period) {
        if (groupIds.isEmpty()) {
            return List.of();
        }
        List<String> ids = new ArrayList<>();
        for (CheckIn c : history.between(groupIds, period.start(figures.zone()), period.end(figures.zone()))) {
            ids.addAll(c.photoIds());
        }
        if (ids.isEmpty()) {
            return List.of();
        }
        Query query = new Query(where("_id").in(ids).and("groupId").in(groupIds));
        query.fields().exclude("data");
        Map<String, Boolean> memo = new HashMap<>();
        List<String> out = new ArrayList<>();
        for (Document photo : mongo.find(query, Document.class, PHOTOS)) {
            String key = photo.getString("groupId") + "/" + photo.getString("lineUserId");
            if (memo.computeIfAbsent(key, k -> senderMayBeShown(photo.getString("groupId"), photo.getString("lineUserId")))) {
                out.add(photo.getString("_id"));
            }
        }
        // keep the check-ins' order (oldest first)
        out.sort(java.util.Comparator.comparingInt(ids::indexOf));
        return out.size() > MAX_CANDIDATES ? out.subList(0, MAX_CANDIDATES) : out;
    }

    /** The photo, if it still exists, belongs to one of these groups, its check-in is live and the rule still holds. */
    public Optional<Photo> showable(String photoId, List<String> groupIds) {
        Document photo = mongo.findById(photoId, Document.class, PHOTOS);
        if (photo == null || !groupIds.contains(photo.getString("groupId"))) {
            return Optional.empty();
        }
        CheckIn checkIn = photo.getString("checkinId") == null ? null : mongo.findById(photo.getString("checkinId"), CheckIn.class);
        if (checkIn == null || checkIn.cancelled() || !checkIn.photoIds().contains(photoId)
                || !senderMayBeShown(photo.getString("groupId"), photo.getString("lineUserId"))) {
            return Optional.empty();
        }
        Object data = photo.get("data");
        byte[] bytes = data instanceof Binary b ? b.getData() : data instanceof byte[] raw ? raw : null;
        if (bytes == null) {
            return Optional.empty();
        }
        String type = photo.getString("contentType");
        return Optional.of(new Photo(photoId, type == null || type.equals("null") ? "image/jpeg" : type, bytes));
    }

    boolean senderMayBeShown(String groupId, String lineUserId) {
        if (groupId == null || lineUserId == null) {
            return false;
        }
        Optional<LineGroup> group = groups.find(groupId);
        if (group.isEmpty() || !group.get().registered() || !group.get().active() || group.get().privacyNoticeAt() == null
                || group.get().nudgesPaused()) {
            return false;
        }
        boolean activeMember = groups.members(groupId).stream()
                .anyMatch(m -> lineUserId.equals(m.userId()) && Boolean.TRUE.equals(m.active()));
        if (!activeMember) {
            return false;
        }
        return !mongo.exists(new Query(where("_id").is(lineUserId)), ERASURE_REQUESTS);
    }
}
