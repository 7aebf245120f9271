package org.sanphalang.audit;

import java.time.Instant;
import java.util.Map;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * @param actor  an officer's username, or {@code line:<userId>} for something done from LINE
 * @param action a stable verb such as {@code group.registered}, {@code person.erased}
 * @param target what it was done to (a group id, a LINE user id, a username)
 */
@Document("audit")
public record AuditEntry(@Id String id, Instant at, String actor, String action, String target, Map<String, String> details) {
}
