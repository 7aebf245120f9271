package org.sanphalang.needs;

import java.time.Instant;
import java.util.List;

import org.sanphalang.checkin.NeedCategory;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/** A problem or need a group reported, and what became of it. */
@Document("needs")
public record Need(
        @Id String id,
        String groupId,
        String lineUserId,
        String messageId,
        Instant at,
        String text,
        NeedCategory category,
        Agency agency,
        String product,
        Priority priority,
        Status status,
        List<String> plusOnes,
        List<Change> history) {

    public enum Status { OPEN, FORWARDED, IN_PROGRESS, RESOLVED }

    public enum Priority { LOW, MEDIUM, HIGH }

    public record Change(Instant at, String by, Status status, Priority priority, Agency agency, String note) {
    }

    public Need {
        plusOnes = plusOnes == null ? List.of() : plusOnes;
        history = history == null ? List.of() : history;
        priority = priority == null ? Priority.MEDIUM : priority;
        status = status == null ? Status.OPEN : status;
    }
}
