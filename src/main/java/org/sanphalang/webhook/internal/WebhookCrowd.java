package org.sanphalang.webhook.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import org.sanphalang.store.Foreground;
import org.sanphalang.webhook.WebhookSettings;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * How many of LINE's webhook requests are being answered right now, counted from the first filter to the last byte
 * of the answer: LINE waits for those answers (and redelivers after 2 s), the inbox's handling can wait. Under a crowd
 * of requests the inbox workers give way ({@link #giveWay}) so that acknowledging comes first; what they leave is
 * durable in the inbox and handled once the crowd thins (bench/RESULTS.md, session 6).
 * <p>
 * The crowd is judged by its level: the number being answered, averaged over the last {@link #SMOOTHING} or so as a
 * load average is (time-weighted, decaying exponentially). The count at one instant dips below any threshold between
 * two requests even under saturation; a worker looking at that instant handled an event each time — 160–320 events a
 * second at saturation, about a quarter of the bot's CPU (bench/RESULTS.md, session 13). A crowd that lasts keeps its
 * level; a quiet moment between a few requests does not make one.
 */
class WebhookCrowd implements Filter {

    /** How long a worker sleeps between looks at the crowd: short beside an event's handling, long beside a request. */
    private static final long LOOK_AGAIN_NANOS = Duration.ofMillis(1).toNanos();
    /**
     * The level's time constant: dozens of requests' worth at saturation, short beside a worker's longest wait. 200 ms
     * held handling back further at saturation but also at 1,000 requests a second, where 50 ms still let the workers
     * keep up (bench/RESULTS.md, session 13).
     */
    static final Duration SMOOTHING = Duration.ofMillis(50);
    private static final double SMOOTHING_NANOS = SMOOTHING.toNanos();

    private final LongSupplier nanoTime;
    // Guarded by this: the requests being answered, and the level at levelAt (it has tended towards answering since).
    // One count, changed with the level: a count kept apart could reach the level in another order than it changed.
    private int answering;
    private double level;
    private long levelAt;

    WebhookCrowd() {
        this(System::nanoTime);
    }

    /** @param nanoTime the clock the level is kept by (tests step it) */
    WebhookCrowd(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.levelAt = nanoTime.getAsLong();
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
        changed(1);
        try {
            chain.doFilter(request, response);
        } finally {
            changed(-1);
        }
    }

    /** Webhook requests being answered now. */
    synchronized int size() {
        return answering;
    }

    /** Requests answered at once, averaged over the last {@link #SMOOTHING} or so. */
    synchronized double level() {
        return levelAt(nanoTime.getAsLong());
    }

    private synchronized void changed(int by) {
        long at = nanoTime.getAsLong();
        level = levelAt(at);
        levelAt = at;
        answering += by;
    }

    /** The count has been {@code answering} since {@code levelAt}: the level moved that way, exponentially. */
    private double levelAt(long at) {
        double kept = Math.exp(-Math.max(0, at - levelAt) / SMOOTHING_NANOS);
        return answering + (level - answering) * kept;
    }

    /**
     * Waits while the crowd's level is {@code crowd} or more, but never longer than {@code atMost}: under overload that
     * lasts, handling still moves on (one event per worker per {@code atMost}).
     *
     * @param crowd 0 or less: never wait
     * @return how long it waited
     */
    Duration giveWay(int crowd, Duration atMost) {
        if (!crowded(crowd)) {
            return Duration.ZERO;
        }
        long start = System.nanoTime();
        long deadline = start + atMost.toNanos();
        while (crowded(crowd) && System.nanoTime() - deadline < 0 && !Thread.currentThread().isInterrupted()) {
            LockSupport.parkNanos(LOOK_AGAIN_NANOS);
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /**
     * The level to the nearest request is at least {@code crowd} (a level only tends towards a steady count; a crowd of
     * 0 or less never is one). Not the count now: under saturation it touched 0 between requests often enough that
     * workers still handled 230 events a second (bench/RESULTS.md, session 13); once the requests stop, the level falls
     * below any crowd within a few time constants.
     */
    boolean crowded(int crowd) {
        return crowd > 0 && level() >= crowd - 0.5;
    }

    /** Counts requests to {@code /callback} only, before every other filter (security, observation) so their time counts too. */
    @Configuration(proxyBeanMethods = false)
    static class Registration {

        @Bean
        WebhookCrowd webhookCrowd(MeterRegistry meters) {
            WebhookCrowd crowd = new WebhookCrowd();
            Gauge.builder("sanphalang.webhook.answering", crowd, WebhookCrowd::size)
                    .description("LINE webhook requests being answered now").register(meters);
            Gauge.builder("sanphalang.webhook.answering.level", crowd, WebhookCrowd::level)
                    .description("LINE webhook requests being answered, averaged over the last 50 ms or so").register(meters);
            return crowd;
        }

        /**
         * The embedded store's housekeeping waits for any crowd at all, not only for one the workers give way to: nothing
         * waits for it, and on a crowd of 2 (the default on 2 cores) its passes still ran at saturation once requests were
         * answered faster, 0.05–0.12 of a core (bench/RESULTS.md, session 15). Off with giving way (give-way-at 0).
         */
        @Bean
        Foreground webhookForeground(WebhookCrowd crowd, WebhookSettings settings) {
            return () -> settings.giveWayAt() > 0 && crowd.crowded(1);
        }

        @Bean
        FilterRegistrationBean<WebhookCrowd> webhookCrowdFilter(WebhookCrowd crowd) {
            FilterRegistrationBean<WebhookCrowd> registration = new FilterRegistrationBean<>(crowd);
            registration.addUrlPatterns("/callback");
            registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
            return registration;
        }
    }
}
