package org.sanphalang.checkin;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * One report of progress from a group.
 *
 * @param id          {@code m<messageId>} for a typed message (so unsend and edits find it), {@code b<eventKey>} for
 *                    one made with buttons
 * @param lastEventAt LINE's timestamp of the latest message or edit applied; an older one arriving late is ignored
 * @param cancelled   undone with the card's ยกเลิก button
 * @param photoIds    photos sent just after, by the same person
 */
@Document(CheckIn.COLLECTION)
public record CheckIn(
        @Id String id,
        String groupId,
        String lineUserId,
        Instant at,
        String text,
        Quantity produced,
        Quantity sold,
        BigDecimal revenueBaht,
        BigDecimal costBaht,
        Integer visitors,
        String product,
        String source,
        Instant lastEventAt,
        Boolean cancelled,
        List<String> photoIds) {

    public static final String COLLECTION = "checkins";

    public CheckIn {
        cancelled = cancelled != null && cancelled;
        photoIds = photoIds == null ? List.of() : photoIds;
    }

    public String messageId() {
        return id.startsWith("m") ? id.substring(1) : null;
    }
}
