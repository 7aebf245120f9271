package org.sanphalang.outbound;

import java.time.Instant;

/**
 * LINE refused a paid send because the channel's monthly message quota is used up. Pushes and multicasts are
 * paused (they wait, unsent) until {@code pausedUntil} — the quota's renewal on the first of the month — or until
 * an officer resumes them; replies still go. Published once per pause, for whoever alerts the officers.
 *
 * @param at          when LINE refused
 * @param pausedUntil when paid sends go again by themselves
 */
public record PushQuotaExhausted(Instant at, Instant pausedUntil) {
}
