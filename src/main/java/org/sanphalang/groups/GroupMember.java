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
        Boolean active,
        Instant firstSeenAt,
        Instant lastSeenAt,
        Instant leftAt,
        Instant profileFetchedAt,
        Boolean nudgesOff) {

    /** Fields an upsert has not set yet read as false / 0 rather than failing to load. */
    public GroupMember {
        active = active != null && active;
        nudgesOff = nudgesOff != null && nudgesOff;
    }

    public static final String COLLECTION = "group_members";

    static String idOf(String groupId, String userId) {
        return groupId + "/" + userId;
    }
}
