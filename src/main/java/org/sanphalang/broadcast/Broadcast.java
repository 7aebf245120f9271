package org.sanphalang.broadcast;

import java.time.Instant;
import java.util.List;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * @param recipients   group ids, fixed when the broadcast is created (so the preview's count is what is sent)
 * @param membersCharged LINE charges a group push once per member: the cost shown before sending
 */
@Document("broadcasts")
public record Broadcast(@Id String id, String title, String text, Segment segment, List<String> recipients, int membersCharged,
                        String createdBy, Instant createdAt, Instant sendAt, Status status, Instant sentAt) {

    public enum Status { PREVIEW, SCHEDULED, SENT, CANCELLED }

    /** Which groups: all given criteria must match; {@code lineGroupIds} picks groups by hand. */
    public record Segment(String product, String tambon, String village, List<String> lineGroupIds) {
    }
}
