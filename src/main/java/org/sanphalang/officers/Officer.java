package org.sanphalang.officers;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/** An officer's account. The password is kept only as a hash. */
@Document("officers")
public record Officer(
        @Id String username,
        String passwordHash,
        String displayName,
        Role role,
        Area area,
        boolean enabled,
        String lineUserId,
        String linkCode,
        Instant linkCodeExpiresAt,
        Instant createdAt) {

    /** What may be shown of an officer: never the hash or a pending link code. */
    public record View(String username, String displayName, Role role, Area area, boolean enabled, boolean lineLinked) {
    }

    public View view() {
        return new View(username, displayName, role, area, enabled, lineUserId != null);
    }

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }

    /** Who may give officer commands from LINE: an enabled OFFICER or ADMIN. */
    public boolean mayCommand() {
        return enabled && (role == Role.ADMIN || role == Role.OFFICER);
    }
}
