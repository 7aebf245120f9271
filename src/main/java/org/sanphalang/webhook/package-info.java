/**
 * The webhook: LINE's events come in at {@code POST /callback}, are verified, written durably to an inbox
 * (one entry per event, unique on its id) and only then acknowledged. A worker handles the inbox off the
 * request thread, at least once and resumable after a crash, by publishing {@link org.sanphalang.webhook.LineEventReceived}
 * for the feature modules; each feature keys its own effects on {@link org.sanphalang.webhook.LineEventReceived#eventKey()}
 * so that a retried handling has no further effect.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Webhook")
package org.sanphalang.webhook;
