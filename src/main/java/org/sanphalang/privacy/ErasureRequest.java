package org.sanphalang.privacy;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/** A villager's own request to delete their data, waiting for an officer (one open request per person). */
@Document("erasure_requests")
record ErasureRequest(@Id String lineUserId, String chatId, Instant requestedAt, Instant erasedAt, String erasedBy) {
}
