package org.sanphalang.groups;

import java.time.Instant;
import java.util.List;

import org.sanphalang.officers.Area;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A LINE group the bot is (or was) in, and — once registered with an officer's code — the producer group it is.
 *
 * @param lineName        the group's name in LINE
 * @param name            the producer group's name, from its registration
 * @param products        what it makes or offers (ข้าวแต๋น, กล้วยตาก, ส้มเกลี้ยง, homestay …)
 * @param leaderUserIds   LINE users marked as the group's leaders (they receive escalations)
 * @param nudgesPaused    the group asked for no reminders (participation is voluntary)
 * @param privacyNoticeAt when the group was shown what is kept and why
 */
@Document(LineGroup.COLLECTION)
public record LineGroup(
        @Id String id,
        String lineName,
        String pictureUrl,
        Boolean active,
        Integer memberCount,
        Instant joinedAt,
        Instant leftAt,
        Instant summaryFetchedAt,
        Boolean registered,
        String name,
        List<String> products,
        String village,
        String tambon,
        String amphoe,
        String leader,
        List<String> leaderUserIds,
        Instant registeredAt,
        String registeredBy,
        Boolean nudgesPaused,
        Instant privacyNoticeAt,
        Integer registrationFailures,
        Instant registrationLockedUntil) {

    /** Fields an upsert has not set yet read as false / 0 rather than failing to load. */
    public LineGroup {
        active = active != null && active;
        registered = registered != null && registered;
        nudgesPaused = nudgesPaused != null && nudgesPaused;
        registrationFailures = registrationFailures == null ? 0 : registrationFailures;
    }

    public static final String COLLECTION = "groups";

    /** The name people know the group by: its registered name, else its LINE name. */
    public String displayName() {
        return name != null ? name : lineName;
    }

    /** The main product (the first registered). */
    public String product() {
        return products == null || products.isEmpty() ? null : products.get(0);
    }

    /** Whether the group lies in an officer's area (its amphoe, and tambon when the area names one). */
    public boolean within(Area area) {
        return area.covers(amphoe, tambon);
    }

    public List<String> leaders() {
        return leaderUserIds == null ? List.of() : leaderUserIds;
    }
}
