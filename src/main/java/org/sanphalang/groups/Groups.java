package org.sanphalang.groups;

import static org.springframework.data.mongodb.core.query.Criteria.where;

import java.util.List;
import java.util.Optional;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/** Read access to groups and their members for other modules; every member query is scoped by group. */
@Component
public class Groups {

    private final MongoTemplate mongo;

    Groups(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    public Optional<LineGroup> find(String groupId) {
        return Optional.ofNullable(mongo.findById(groupId, LineGroup.class));
    }

    /** Members as LINE last counted them (kept by the roster), if known. */
    public Optional<Integer> memberCount(String groupId) {
        return find(groupId).map(LineGroup::memberCount);
    }

    public List<LineGroup> all() {
        return mongo.find(new Query().with(Sort.by("joinedAt")), LineGroup.class);
    }

    public List<GroupMember> members(String groupId) {
        return mongo.find(new Query(where("groupId").is(groupId)).with(Sort.by("firstSeenAt")), GroupMember.class);
    }

    public Optional<LineUser> user(String userId) {
        return Optional.ofNullable(mongo.findById(userId, LineUser.class));
    }
}
