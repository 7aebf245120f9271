package org.sanphalang.outbound.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.sanphalang.outbound.OutboundSettings;
import org.sanphalang.outbound.OutboundSettings.Endpoint;

/** The per-endpoint rate limit, on a clock the test moves by hand. */
class RateLimitTokenBucketTest {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    @Test
    void aFullBucketLetsABurstOfItsCapacityThroughThenTellsHowLongToWait() {
        TokenBucket bucket = new TokenBucket(4, 4, Duration.ofSeconds(1), nanos::get);

        for (int i = 0; i < 4; i++) {
            assertThat(bucket.take(Duration.ZERO)).as("request %d", i).isZero();
        }
        // 4 per second: the next token is 250 ms away
        assertThat(bucket.take(Duration.ZERO)).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void tokensComeBackEvenlyOverThePeriodAndNeverBeyondTheCapacity() {
        TokenBucket bucket = new TokenBucket(4, 4, Duration.ofSeconds(1), nanos::get);
        for (int i = 0; i < 4; i++) {
            bucket.take(Duration.ZERO);
        }

        nanos.addAndGet(Duration.ofMillis(100).toNanos());
        assertThat(bucket.take(Duration.ZERO)).isEqualTo(Duration.ofMillis(150));

        nanos.addAndGet(Duration.ofMillis(150).toNanos());
        assertThat(bucket.take(Duration.ZERO)).isZero();
        assertThat(bucket.take(Duration.ZERO)).isEqualTo(Duration.ofMillis(250));

        nanos.addAndGet(Duration.ofMinutes(5).toNanos()); // a quiet spell banks no more than the capacity
        assertThat(bucket.available()).isEqualTo(4.0);
        for (int i = 0; i < 4; i++) {
            assertThat(bucket.take(Duration.ZERO)).isZero();
        }
        assertThat(bucket.take(Duration.ZERO)).isPositive();
    }

    @Test
    void aTokenDueWithinTheWaitAllowedIsKeptForTheCallerAndTheNextCallerGetsTheMomentAfter() {
        TokenBucket bucket = new TokenBucket(2, 4, Duration.ofSeconds(1), nanos::get);
        bucket.take(Duration.ZERO);
        bucket.take(Duration.ZERO);

        Duration most = Duration.ofSeconds(1);
        assertThat(bucket.take(most)).as("the first sender's turn").isEqualTo(Duration.ofMillis(250));
        assertThat(bucket.take(most)).as("the second's, one token later").isEqualTo(Duration.ofMillis(500));
        assertThat(bucket.take(most)).isEqualTo(Duration.ofMillis(750));
        assertThat(bucket.take(Duration.ofMillis(999))).as("beyond what this caller would wait: not kept").isEqualTo(Duration.ofSeconds(1));
        assertThat(bucket.take(most)).as("so the moment is still free").isEqualTo(Duration.ofSeconds(1));

        nanos.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(bucket.take(Duration.ZERO)).as("every token of that second was kept for someone").isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void aRefusedRequestTakesNoToken() {
        TokenBucket bucket = new TokenBucket(1, 1, Duration.ofSeconds(1), nanos::get);
        bucket.take(Duration.ZERO);
        for (int i = 0; i < 10; i++) {
            assertThat(bucket.take(Duration.ZERO)).isEqualTo(Duration.ofSeconds(1));
        }
        nanos.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(bucket.take(Duration.ZERO)).isZero();
    }

    @Test
    void broadcastsOfSixtyAnHourGoFiftySevenAtMostAndThenAboutAMinuteApart() {
        TokenBucket bucket = bucketOf(settings(null).rateLimit(Endpoint.BROADCAST));
        for (int i = 0; i < 57; i++) {
            assertThat(bucket.take(Duration.ZERO)).isZero();
        }
        assertThat(bucket.take(Duration.ZERO)).isEqualTo(Duration.ofNanos((long) Math.ceil(3_600e9 / 57))); // 63.2 s
    }

    @Test
    void aPerSecondLimitIsSpentEvenlyWithAtMostTwentyFiveMillisecondsWorthAtOnceWhileAnHourlyOneMayGoAtOnce() {
        OutboundSettings.Rate push = settings(null).rateLimit(Endpoint.PUSH);
        assertThat(push.burst()).isEqualTo(48); // 1,900 a second × 25 ms = 47.5, rounded up
        assertThat(settings(null).rateLimit(Endpoint.BROADCAST).burst()).isEqualTo(57);
        assertThat(new OutboundSettings.Rate(3, Duration.ofSeconds(1)).burst()).as("never less than one").isEqualTo(1);
        TokenBucket bucket = bucketOf(push);
        nanos.addAndGet(Duration.ofMinutes(5).toNanos()); // a quiet spell banks only the burst

        int atOnce = 0;
        while (bucket.take(Duration.ZERO).isZero()) {
            atOnce++;
        }
        assertThat(atOnce).isEqualTo(48);
        assertThat(bucket.take(Duration.ZERO)).as("then one every 1/1,900 s").isEqualTo(Duration.ofNanos(526_316));
        nanos.addAndGet(Duration.ofSeconds(1).toNanos());
        int nextSecond = 0;
        while (bucket.take(Duration.ZERO).isZero()) {
            nextSecond++;
        }
        assertThat(nextSecond).as("a second refills the burst, no more").isEqualTo(48);
    }

    @Test
    void aLimitIsPacedFivePerCentUnderWhatLineAllowsAsLineAdvisesAndNeverAtNothing() {
        assertThat(settings(null).rateLimit(Endpoint.PUSH).paced()).isEqualTo(1_900);
        assertThat(settings(null).rateLimit(Endpoint.REPLY).paced()).isEqualTo(1_900);
        assertThat(new OutboundSettings.Rate(1, Duration.ofSeconds(1)).paced()).isEqualTo(1);
        RateLimiter limiter = new RateLimiter(settings(null), nanos::get);
        int taken = 0;
        for (int ms = 0; ms < 10_000; ms++) { // ten seconds of senders asking every millisecond
            while (limiter.acquire(Endpoint.PUSH, Duration.ZERO).isZero()) {
                taken++;
            }
            nanos.addAndGet(1_000_000);
        }
        assertThat(taken).as("the burst, then 1,900 a second").isBetween(48 + 18_990, 48 + 19_000);
    }

    private TokenBucket bucketOf(OutboundSettings.Rate rate) {
        return new TokenBucket(rate.burst(), rate.paced(), rate.per(), nanos::get);
    }

    @Test
    void settingsDefaultToLineDocumentedLimitsAndOverrideOnlyTheEndpointsGiven() {
        OutboundSettings defaults = settings(null);
        assertThat(defaults.rateLimit(Endpoint.PUSH)).isEqualTo(new OutboundSettings.Rate(2_000, Duration.ofSeconds(1)));
        assertThat(defaults.rateLimit(Endpoint.REPLY)).isEqualTo(new OutboundSettings.Rate(2_000, Duration.ofSeconds(1)));
        assertThat(defaults.rateLimit(Endpoint.MULTICAST)).isEqualTo(new OutboundSettings.Rate(2_000, Duration.ofSeconds(1)));
        assertThat(defaults.rateLimit(Endpoint.BROADCAST)).isEqualTo(new OutboundSettings.Rate(60, Duration.ofHours(1)));
        assertThat(defaults.rateLimit(Endpoint.NARROWCAST)).isEqualTo(new OutboundSettings.Rate(60, Duration.ofHours(1)));

        OutboundSettings slower = settings(java.util.Map.of(Endpoint.PUSH, new OutboundSettings.Rate(10, Duration.ofSeconds(1))));
        assertThat(slower.rateLimit(Endpoint.PUSH).requests()).isEqualTo(10);
        assertThat(slower.rateLimit(Endpoint.MULTICAST).requests()).isEqualTo(2_000);
    }

    @Test
    void aRateOfNothingIsRefused() {
        assertThatThrownBy(() -> new OutboundSettings.Rate(0, Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OutboundSettings.Rate(1, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }

    private static OutboundSettings settings(java.util.Map<Endpoint, OutboundSettings.Rate> limits) {
        return new OutboundSettings(4, Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofMinutes(2), Duration.ofSeconds(50), 12,
                Duration.ofSeconds(1), Duration.ofMinutes(10), Duration.ofHours(24), Duration.ofSeconds(15), limits,
                Duration.ofMinutes(1), Duration.ofDays(30), 128);
    }
}
