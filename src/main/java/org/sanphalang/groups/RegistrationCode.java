package org.sanphalang.groups;

import java.time.Instant;
import java.util.List;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/** A single-use code an officer gives a producer group; typing it in the LINE group binds the group. */
@Document("registration_codes")
record RegistrationCode(
        @Id String code,
        String name,
        List<String> products,
        String village,
        String tambon,
        String amphoe,
        String leader,
        String createdBy,
        Instant createdAt,
        Instant expiresAt,
        Instant usedAt,
        String usedByGroup) {
}
