package org.sanphalang.webhook;

import java.time.Instant;

import com.linecorp.bot.webhook.model.Event;

/**
 * A LINE event taken from the inbox for handling. Published synchronously: a listener that throws makes the
 * inbox retry the event later, so listeners must be idempotent — use {@link #eventKey()} to key what they store
 * or send.
 *
 * @param eventKey   stable, unique key of the event (its {@code webhookEventId}, or a digest of its content)
 * @param event      the event as LINE's SDK models it ({@code UnknownEvent} for types the SDK does not know)
 * @param receivedAt when the webhook accepted it
 * @param attempt    1 on the first handling, more on retries
 * @param payload    the event's JSON exactly as LINE sent it, for event types the SDK does not model yet
 *                   (e.g. {@code messageEdited}, which reaches {@code event} as an {@code UnknownEvent})
 */
public record LineEventReceived(String eventKey, Event event, Instant receivedAt, int attempt, String payload) {
}
