package org.sanphalang.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.sanphalang.testing.Fault;
import org.sanphalang.testing.RecordedRequest;

/** LINE's "slow down" is obeyed to the second it asks for, whatever the configured backoff. */
class RateLimitRetryAfterTest extends OutboxContext {

    @Test
    void a429WithRetryAfterOneSecondIsRetriedNoSoonerThanASecondLater() {
        LINE.inject(Fault.rateLimit(1).on("POST", PUSH).times(1));

        outbox.enqueue(OutgoingMessage.push("slow-down", group(4, 1), "test", text("ช้าหน่อย")));
        awaitDrained(Duration.ofSeconds(15));

        List<RecordedRequest> pushes = LINE.requests("POST", PUSH);
        assertThat(pushes).extracting(RecordedRequest::status).containsExactly(429, 200);
        Document entry = entry("slow-down");
        Instant dueAt = entry.getDate("dueAt").toInstant();
        Instant refusedAt = pushes.get(0).at();
        // dueAt was set after the 429 arrived: 1 s (Retry-After), not the 50 ms backoff of this context
        assertThat(Duration.between(refusedAt, dueAt)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(pushes.get(1).at()).isAfterOrEqualTo(dueAt);
        assertThat(entry.getString("status")).isEqualTo("SENT");
        assertThat(LINE.acceptedRetryKeys()).containsOnlyKeys(entry.getString("retryKey"));
        LINE.assertNoViolations();
    }

    /**
     * The retry key's 24 hours are counted from the first push, and from the whole second at or before it: the lease
     * stores its time taken to the second below, so the day can only end early, and a retry a second later leaves it.
     */
    @Test
    void theRetryKeysDayStartsAtTheWholeSecondOfTheFirstPushNotAtARetry() {
        Instant beforeEnqueue = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        LINE.inject(Fault.rateLimit(1).on("POST", PUSH).times(1));

        outbox.enqueue(OutgoingMessage.push("day-start", group(4, 2), "test", text("นับวันจากครั้งแรก")));
        awaitDrained(Duration.ofSeconds(15));

        List<RecordedRequest> pushes = LINE.requests("POST", PUSH);
        assertThat(pushes).extracting(RecordedRequest::status).containsExactly(429, 200);
        Instant firstPushAt = entry("day-start").getDate("firstPushAt").toInstant();
        assertThat(firstPushAt.getNano()).as("a whole second").isZero();
        assertThat(firstPushAt).as("never later than the first push").isBeforeOrEqualTo(pushes.get(0).at())
                .isAfterOrEqualTo(beforeEnqueue);
        // What makes the check above tell the first push from the retry: the retry's lease, a second or more later,
        // would have stored a whole second after the first push.
        assertThat(Duration.between(pushes.get(0).at(), pushes.get(1).at())).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    }
}
