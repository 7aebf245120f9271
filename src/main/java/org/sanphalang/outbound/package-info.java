/**
 * Everything the bot sends to LINE leaves through here: a durable outbox, written before anything is sent,
 * and a dispatcher that delivers each message exactly once — the free reply API while the reply token is fresh,
 * otherwise a push carrying a retry key fixed at creation (LINE answers 409 to a key it already accepted).
 * Callers key each message on what caused it, so a retried cause cannot send twice.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Outbound messages")
package org.sanphalang.outbound;
