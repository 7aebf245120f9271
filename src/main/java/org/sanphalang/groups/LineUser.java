package org.sanphalang.groups;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/** Someone who added the bot as a friend (1:1 chat): officers link their accounts this way. */
@Document(LineUser.COLLECTION)
public record LineUser(
        @Id String id,
        String displayName,
        Boolean following,
        Instant followedAt,
        Instant unfollowedAt,
        Instant profileFetchedAt) {

    /** Fields an upsert has not set yet read as false / 0 rather than failing to load. */
    public LineUser {
        following = following != null && following;
    }

    public static final String COLLECTION = "line_users";
}
