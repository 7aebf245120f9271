package org.sanphalang.outbound;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import com.linecorp.bot.messaging.model.Message;

/**
 * A message to deliver.
 *
 * @param key        idempotency key chosen by the caller from what caused the message, e.g.
 *                   {@code "welcome:" + eventKey}; a second message with the same key is ignored
 * @param to         a LINE group, room or user id (the push target, and the reply's chat)
 * @param replyToken the triggering event's reply token, or null to push
 * @param tokenIssuedAt when LINE issued the reply token (the event's timestamp)
 * @param messages   1 to 5 LINE messages
 * @param purpose    a short label for metrics and logs ({@code welcome}, {@code checkin-confirmation}, …)
 */
public record OutgoingMessage(String key, String to, String replyToken, Instant tokenIssuedAt,
                              List<Message> messages, String purpose) {

    public OutgoingMessage {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(purpose, "purpose");
        if (messages == null || messages.isEmpty() || messages.size() > 5) {
            throw new IllegalArgumentException("LINE takes 1 to 5 messages per request, not " + (messages == null ? 0 : messages.size()));
        }
        messages = List.copyOf(messages);
    }

    /** Answer an event: reply while its token is fresh, else push. */
    public static OutgoingMessage reply(String key, String to, String replyToken, Instant tokenIssuedAt, String purpose,
                                        List<Message> messages) {
        return new OutgoingMessage(key, to, replyToken, tokenIssuedAt, messages, purpose);
    }

    public static OutgoingMessage push(String key, String to, String purpose, List<Message> messages) {
        return new OutgoingMessage(key, to, null, null, messages, purpose);
    }
}
