package org.sanphalang.outbound.internal;

import java.time.Instant;
import java.util.List;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * One message to deliver, with everything needed to deliver it exactly once after any crash: the retry key is
 * fixed when the entry is created, and the reply attempt is recorded before it is made. What it says is either in
 * {@code messages} (LINE's JSON) or, when many entries say the same, stored once under {@code contentId}
 * ({@link SharedContents}); a sent entry keeps neither.
 */
@Document(OutboxEntry.COLLECTION)
public record OutboxEntry(
        @Id String id,
        String retryKey,
        String to,
        String replyToken,
        Instant replyDeadline,
        String messages,
        String contentId,
        int messageCount,
        String purpose,
        Status status,
        ReplyState reply,
        int attempts,
        Instant createdAt,
        Instant dueAt,
        Instant leaseUntil,
        Instant firstPushAt,
        Instant sentAt,
        String via,
        String lastError,
        Kind kind,
        List<String> recipients) {

    public static final String COLLECTION = "outbox";

    public enum Status { PENDING, SENDING, SENT, DEAD }

    /**
     * PUSH: to one chat, replying first if it can (null in entries stored before multicast existed); MULTICAST: to
     * {@code recipients}; BROADCAST: to every follower of the Official Account.
     */
    public enum Kind { PUSH, MULTICAST, BROADCAST }

    /**
     * This entry (as it was before a lease) as the lease leaves it: SENDING, one more attempt. Its
     * {@code firstPushAt} stays what it was — null when no push was made before — though the lease has stored the
     * time it was taken there (see OutboxDispatcher#lease).
     */
    OutboxEntry leased(Instant until) {
        return new OutboxEntry(id, retryKey, to, replyToken, replyDeadline, messages, contentId, messageCount, purpose, Status.SENDING, reply,
                attempts + 1, createdAt, dueAt, until, firstPushAt, sentAt, via, lastError, kind, recipients);
    }

    public boolean multicast() {
        return kind == Kind.MULTICAST;
    }

    public boolean broadcast() {
        return kind == Kind.BROADCAST;
    }

    /** Who it goes to, for logs. */
    public String target() {
        return broadcast() ? "all followers by broadcast" : multicast() ? recipients.size() + " users by multicast" : to;
    }

    /**
     * NONE: no reply to try; READY: reply not tried yet; TRYING: recorded as started — if a sender finds this
     * it died mid-call; FAILED: the reply did not go and the message falls back to push.
     */
    public enum ReplyState { NONE, READY, TRYING, FAILED }
}
