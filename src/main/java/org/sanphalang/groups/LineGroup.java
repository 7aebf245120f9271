package org.sanphalang.groups;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/** A LINE group the bot is (or was) in. */
@Document(LineGroup.COLLECTION)
public record LineGroup(
        @Id String id,
        String name,
        String pictureUrl,
        boolean active,
        Integer memberCount,
        Instant joinedAt,
        Instant leftAt,
        Instant summaryFetchedAt) {

    public static final String COLLECTION = "groups";
}
