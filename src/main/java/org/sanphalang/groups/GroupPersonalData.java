package org.sanphalang.groups;

import static org.springframework.data.mongodb.core.query.Criteria.where;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.sanphalang.privacy.PersonalData;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/** Memberships, names and follow status kept about a person; leadership marks are removed on erasure. */
@Component
class GroupPersonalData implements PersonalData {

    private final MongoTemplate mongo;
    private final RecentlyRecorded recent;

    GroupPersonalData(MongoTemplate mongo, RecentlyRecorded recent) {
        this.recent = recent;
        this.mongo = mongo;
    }

    @Override
    public String kind() {
        return "memberships";
    }

    @Override
    public List<Map<String, Object>> export(String lineUserId) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (GroupMember m : mongo.find(new Query(where("userId").is(lineUserId)), GroupMember.class)) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("groupId", m.groupId());
            row.put("displayName", m.displayName());
            row.put("active", m.active());
            row.put("firstSeenAt", m.firstSeenAt());
            row.put("lastSeenAt", m.lastSeenAt());
            row.put("nudgesOff", m.nudgesOff());
            out.add(row);
        }
        LineUser user = mongo.findById(lineUserId, LineUser.class);
        if (user != null) {
            out.add(Map.of("followsBot", user.following(), "displayName", String.valueOf(user.displayName())));
        }
        return out;
    }

    @Override
    public long erase(String lineUserId) {
        recent.forgetUser(lineUserId);
        long removed = mongo.remove(new Query(where("userId").is(lineUserId)), GroupMember.class).getDeletedCount();
        removed += mongo.remove(new Query(where("_id").is(lineUserId)), LineUser.class).getDeletedCount();
        mongo.updateMulti(new Query(where("leaderUserIds").is(lineUserId)), new Update().pull("leaderUserIds", lineUserId), LineGroup.class);
        return removed;
    }

    @Override
    public List<Place> placesOf(String lineUserId) {
        List<String> groupIds = mongo.find(new Query(where("userId").is(lineUserId)), GroupMember.class).stream()
                .map(GroupMember::groupId).toList();
        return mongo.find(new Query(where("_id").in(groupIds)), LineGroup.class).stream()
                .map(g -> new Place(g.amphoe(), g.tambon())).toList();
    }
}
