package org.sanphalang.groups;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/** A person seen in a group (by a member event or by speaking there); {@code nudgesOff}: asked for no reminders. */
@Document(GroupMember.COLLECTION)
public record GroupMember(
        @Id String id,
        String groupId,
        String userId,
        String displayName,
        boolean active,
        Instant firstSeenAt,
        Instant lastSeenAt,
        Instant leftAt,
        Instant profileFetchedAt,
        boolean nudgesOff) {

    public static final String COLLECTION = "group_members";

    static String idOf(String groupId, String userId) {
        return groupId + "/" + userId;
    }
}
