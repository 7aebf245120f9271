package org.sanphalang.groups;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * Which groups and members this process recorded as "seen" a moment ago, so that a busy group's every message
 * does not rewrite the same two documents: "last seen" is read in days (who is silent), and two writes per
 * message were a third of the store round trips of handling one (bench/RESULTS.md). Anything that changes
 * membership (join, leave, erasure) forgets the entry, so the next message writes again.
 */
@Component
class RecentlyRecorded {

    /** How stale "last seen" may be. */
    static final Duration GRANULARITY = Duration.ofMinutes(10);
    /** Far above the members of a district's groups; past it the memory is simply started afresh. */
    private static final int MAX_ENTRIES = 50_000;

    private final Map<String, Instant> recorded = new ConcurrentHashMap<>();

    /** True when {@code key} was recorded less than {@link #GRANULARITY} before {@code at}. */
    boolean recentlyRecorded(String key, Instant at) {
        Instant last = recorded.get(key);
        return last != null && !at.isBefore(last) && at.isBefore(last.plus(GRANULARITY));
    }

    /** Called once the write is done, so a write that failed is made again when the event is retried. */
    void recorded(String key, Instant at) {
        if (recorded.size() >= MAX_ENTRIES) {
            recorded.clear();
        }
        recorded.put(key, at);
    }

    void forget(String key) {
        recorded.remove(key);
    }

    /** Forgets every entry about this user (erasure). */
    void forgetUser(String lineUserId) {
        recorded.keySet().removeIf(key -> key.endsWith("/" + lineUserId) || key.equals(lineUserId));
    }
}
