package org.sanphalang.webhook;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param maxBodySize   larger webhook bodies are refused with 413 (LINE's own are a few KB)
 * @param workers       the most threads handling the inbox (one waits for work, more start while
 *                      events wait). 2: on the embedded store every write to the inbox waits for its collection's lock,
 *                      so handling ran no faster with 4 (or 1) threads, and the extra threads took CPU from accepting
 *                      webhooks (bench/RESULTS.md, session 4); with MongoDB, where handling waits on the network, more
 *                      can help
 * @param pollInterval  how often idle workers look for due entries (new ones wake them at once)
 * @param sweepInterval how often the full query looks for due entries this process does not know of (left by a
 *                      crash, or by another instance); what this process accepts or retries it claims by key
 * @param lease         how long a worker may hold an entry before another may take it over (crash recovery)
 * @param maxAttempts   handling attempts before an entry is parked as FAILED
 * @param retryBackoff  first retry delay; doubles per attempt
 * @param retention     handled entries are deleted after this long (TTL on MongoDB; a sweep on the embedded store)
 * @param processing    false holds every event in the inbox unhandled (operations and crash tests)
 * @param journal       on the embedded H2 store, acknowledge events once they are appended to a journal file beside
 *                      the store's file, and move them into the inbox in batches (see InboxJournal); false stores each
 *                      webhook's events in the inbox before answering, as on MongoDB
 * @param journalForce  also force each journal write to the disk (survives a power cut, not only a kill -9 of the
 *                      process; the embedded store's own commits do not force either)
 * @param giveWayAt     while this many webhook requests (or more) are being answered — on average over the last 50 ms or
 *                      so, as a load average counts — the inbox workers wait before handling the next event and the
 *                      journal's mover before moving the next batch, so that acknowledging LINE comes first (the
 *                      embedded store's housekeeping waits for any crowd at all); 0: never, housekeeping included.
 *                      Unset: the number of processors — requests alone then keep every core busy (bench/RESULTS.md,
 *                      session 6: 8 almost never triggered on 2 cores, 2 raised saturation and lowered the p99 at
 *                      1,000/s; session 15: 1 raised saturation further and the p99 at 1,000/s too)
 * @param giveWayAtMost the longest a worker waits for a crowd to thin before it handles one event anyway (the mover: one
 *                      batch, of one event per worker while the crowd lasts, else of up to 500)
 */
@ConfigurationProperties("sanphalang.webhook")
public record WebhookSettings(
        @DefaultValue("1MB") DataSize maxBodySize,
        @DefaultValue("2") int workers,
        @DefaultValue("1s") Duration pollInterval,
        @DefaultValue("30s") Duration sweepInterval,
        @DefaultValue("2m") Duration lease,
        @DefaultValue("8") int maxAttempts,
        @DefaultValue("2s") Duration retryBackoff,
        @DefaultValue("30d") Duration retention,
        @DefaultValue("true") boolean processing,
        @DefaultValue("true") boolean journal,
        @DefaultValue("false") boolean journalForce,
        Integer giveWayAt,
        @DefaultValue("1s") Duration giveWayAtMost) {

    public WebhookSettings {
        if (giveWayAt == null) {
            giveWayAt = Runtime.getRuntime().availableProcessors();
        }
    }
}
