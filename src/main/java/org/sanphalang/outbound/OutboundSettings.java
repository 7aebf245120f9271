package org.sanphalang.outbound;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param workers        threads sending from the outbox
 * @param pollInterval   how often idle senders look for due messages
 * @param lease          how long a sender may hold a message before another takes it over
 * @param replyWindow    how long after the event a reply token is still used (LINE promises one minute)
 * @param maxAttempts    push attempts before a message is dead-lettered
 * @param retryBackoff   first retry delay after a 5xx or timeout; doubles per attempt, with jitter
 * @param maxBackoff     the longest wait between attempts
 * @param retryKeyLifetime LINE honours a retry key for 24 hours from the first attempt; after that a message
 *                       is dead-lettered rather than re-keyed (which could deliver it twice)
 * @param callTimeout    how long one call to LINE may take
 */
@ConfigurationProperties("sanphalang.outbound")
public record OutboundSettings(
        @DefaultValue("4") int workers,
        @DefaultValue("1s") Duration pollInterval,
        @DefaultValue("2m") Duration lease,
        @DefaultValue("50s") Duration replyWindow,
        @DefaultValue("12") int maxAttempts,
        @DefaultValue("1s") Duration retryBackoff,
        @DefaultValue("10m") Duration maxBackoff,
        @DefaultValue("24h") Duration retryKeyLifetime,
        @DefaultValue("15s") Duration callTimeout) {
}
