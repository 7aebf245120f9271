package org.sanphalang.webhook.internal;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * One LINE event as accepted by the webhook. The event itself is kept as the JSON text LINE sent, never as a
 * document: keys and values from outside (a {@code $}-operator, a dotted key) cannot reach MongoDB's query
 * language, and the handler sees exactly what LINE signed. The payload is kept until the event is handled (and on a
 * parked entry, for a retry); a handled entry keeps only its key, type and times, for deduplication.
 */
@Document(InboxEntry.COLLECTION)
public record InboxEntry(
        @Id String id,
        String type,
        String destination,
        String payload,
        boolean redelivery,
        Instant receivedAt,
        Status status,
        int attempts,
        Instant dueAt,
        Instant leaseUntil,
        Instant doneAt,
        String lastError) {

    public static final String COLLECTION = "inbox";

    public enum Status { PENDING, PROCESSING, DONE, FAILED }

    static InboxEntry accepted(String id, String type, String destination, String payload, boolean redelivery, Instant now) {
        return new InboxEntry(id, type, destination, payload, redelivery, now, Status.PENDING, 0, now, null, null, null);
    }
}
