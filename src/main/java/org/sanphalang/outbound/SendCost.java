package org.sanphalang.outbound;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import com.linecorp.bot.messaging.client.MessagingApiClient;
import com.linecorp.bot.messaging.model.MessageQuotaResponse;
import com.linecorp.bot.messaging.model.QuotaConsumptionResponse;
import com.linecorp.bot.messaging.model.QuotaType;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.sanphalang.outbound.internal.QuotaPause;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * What a send will cost before it goes. Pushes and multicasts count against the channel's monthly quota, once
 * per person reached: a push to a group is charged for every member, however many message bubbles it carries.
 * The quota and this month's consumption come from LINE and are reused for {@code sanphalang.outbound.quota-cache}
 * (one minute), so a console showing estimates does not call LINE on every keystroke.
 */
@Component
public class SendCost {

    private static final Logger log = LoggerFactory.getLogger(SendCost.class);

    /** Users count 1; used when no module counts group members (only in slices of the application). */
    private static final RecipientCounter USERS_ONLY = to -> 1;

    private final MessagingApiClient line;
    private final RecipientCounter counter;
    private final QuotaPause pause;
    private final OutboundSettings settings;
    private final Clock clock;
    private final AtomicReference<Quota> cached = new AtomicReference<>();
    private final AtomicBoolean refreshing = new AtomicBoolean();

    SendCost(MessagingApiClient line, ObjectProvider<RecipientCounter> counter, QuotaPause pause,
             OutboundSettings settings, Clock clock, MeterRegistry meters) {
        this.line = line;
        this.counter = counter.getIfAvailable(() -> USERS_ONLY);
        this.pause = pause;
        this.settings = settings;
        this.clock = clock;
        // A scrape must not wait on LINE: the gauges show the last reading and start a new one when it is old.
        Gauge.builder("sanphalang.outbox.quota.used", this, c -> c.lastKnown(false))
                .description("Messages charged this month, as LINE last reported").register(meters);
        Gauge.builder("sanphalang.outbox.quota.limit", this, c -> c.lastKnown(true))
                .description("The channel's monthly message quota, as LINE last reported (NaN when unlimited)").register(meters);
    }

    /**
     * The month's quota as LINE reports it.
     *
     * @param type      {@code limited}, or {@code none} when the plan has no limit
     * @param limit     messages allowed this month; null when unlimited
     * @param used      messages charged so far this month
     * @param remaining {@code limit - used} (never below 0); null when unlimited
     * @param readAt    when LINE was asked (readings are reused for up to a minute)
     * @param pushesPausedUntil set while pushes are paused because LINE said the quota was used up
     */
    public record Quota(String type, Long limit, long used, Long remaining, Instant readAt, Instant pushesPausedUntil) {
    }

    /**
     * @param targets      chats the send goes to
     * @param recipients   people reached by one send to every target (group members counted)
     * @param charged      {@code recipients × sends per target}: what the quota is charged
     * @param remaining    quota left before this send; null when unlimited or unknown
     * @param quotaKnown   false when LINE could not be asked; then {@code exceedsQuota} is false for want of a figure
     * @param exceedsQuota the send would be charged more than is left this month
     */
    public record Estimate(int targets, long recipients, long charged, Long remaining, boolean quotaKnown,
                           boolean exceedsQuota) {
    }

    /** Raised when LINE cannot be asked for the quota. */
    public static class QuotaUnavailable extends RuntimeException {
        QuotaUnavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * @param targets           user, group or room ids
     * @param messagesPerTarget separate sends (requests) to each target; bubbles within one send are not counted
     */
    public Estimate estimate(List<String> targets, int messagesPerTarget) {
        if (messagesPerTarget < 1) {
            throw new IllegalArgumentException("At least one send per target, not " + messagesPerTarget);
        }
        long recipients = 0;
        for (String to : targets) {
            recipients += Math.max(0, counter.recipients(to));
        }
        long charged = recipients * messagesPerTarget;
        Quota quota;
        try {
            quota = quota();
        } catch (QuotaUnavailable e) {
            log.info("Estimating without the quota: {}", e.getMessage());
            return new Estimate(targets.size(), recipients, charged, null, false, false);
        }
        boolean exceeds = quota.remaining() != null && charged > quota.remaining();
        return new Estimate(targets.size(), recipients, charged, quota.remaining(), true, exceeds);
    }

    /** The quota, read from LINE at most once per {@code quota-cache}. */
    public Quota quota() {
        Quota last = cached.get();
        Instant now = clock.instant();
        Quota reading = last != null && fresh(last, now) ? last : read();
        return withPause(reading, now);
    }

    private Quota withPause(Quota q, Instant now) {
        Instant paused = pause.pausedUntil(now).orElse(null);
        return new Quota(q.type(), q.limit(), q.used(), q.remaining(), q.readAt(), paused);
    }

    private boolean fresh(Quota q, Instant now) {
        return Duration.between(q.readAt(), now).compareTo(settings.quotaCache()) < 0;
    }

    private Quota read() {
        try {
            Quota q = fetch().get(settings.callTimeout().toMillis(), TimeUnit.MILLISECONDS);
            cached.set(q);
            return q;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QuotaUnavailable("interrupted", e);
        } catch (ExecutionException e) {
            throw new QuotaUnavailable("LINE did not tell the quota: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new QuotaUnavailable("LINE did not tell the quota within " + settings.callTimeout(), e);
        }
    }

    private CompletableFuture<Quota> fetch() {
        CompletableFuture<MessageQuotaResponse> quota = line.getMessageQuota().thenApply(r -> r.body());
        CompletableFuture<QuotaConsumptionResponse> used = line.getMessageQuotaConsumption().thenApply(r -> r.body());
        return quota.thenCombine(used, (q, u) -> {
            long consumed = u.totalUsage() == null ? 0 : u.totalUsage();
            boolean limited = q.type() == QuotaType.LIMITED && q.value() != null;
            Long limit = limited ? q.value() : null;
            Long remaining = limited ? Math.max(0, limit - consumed) : null;
            return new Quota(limited ? "limited" : "none", limit, consumed, remaining, clock.instant(), null);
        });
    }

    private double lastKnown(boolean limit) {
        Quota q = cached.get();
        if ((q == null || !fresh(q, clock.instant())) && refreshing.compareAndSet(false, true)) {
            fetch().whenComplete((fetched, failure) -> {
                if (fetched != null) {
                    cached.set(fetched);
                }
                refreshing.set(false);
            });
        }
        if (q == null) {
            return Double.NaN;
        }
        return limit ? Optional.ofNullable(q.limit()).map(Long::doubleValue).orElse(Double.NaN) : q.used();
    }
}
