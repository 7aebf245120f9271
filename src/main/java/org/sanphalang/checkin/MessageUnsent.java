package org.sanphalang.checkin;

/** A message was unsent in a group: whatever was kept of it (a check-in, a need) must go. */
public record MessageUnsent(String groupId, String messageId) {
}
