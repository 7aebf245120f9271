package org.sanphalang.webhook.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * How many of LINE's webhook requests are being answered right now, counted from the first filter to the last byte
 * of the answer: LINE waits for those answers (and redelivers after 2 s), the inbox's handling can wait. Under a crowd
 * of requests the inbox workers give way ({@link #giveWay}) so that acknowledging comes first; what they leave is
 * durable in the inbox and handled once the crowd thins (bench/RESULTS.md, session 6).
 */
class WebhookCrowd implements Filter {

    /** How long a worker sleeps between looks at the crowd: short beside an event's handling, long beside a request. */
    private static final long LOOK_AGAIN_NANOS = Duration.ofMillis(1).toNanos();

    private final AtomicInteger answering = new AtomicInteger();

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
        answering.incrementAndGet();
        try {
            chain.doFilter(request, response);
        } finally {
            answering.decrementAndGet();
        }
    }

    /** Webhook requests being answered now. */
    int size() {
        return answering.get();
    }

    /**
     * Waits while at least {@code crowd} webhook requests are being answered, but never longer than {@code atMost}:
     * under overload that lasts, handling still moves on (one event per worker per {@code atMost}).
     *
     * @param crowd 0 or less: never wait
     * @return how long it waited
     */
    Duration giveWay(int crowd, Duration atMost) {
        if (crowd <= 0 || answering.get() < crowd) {
            return Duration.ZERO;
        }
        long start = System.nanoTime();
        long deadline = start + atMost.toNanos();
        while (answering.get() >= crowd && System.nanoTime() - deadline < 0 && !Thread.currentThread().isInterrupted()) {
            LockSupport.parkNanos(LOOK_AGAIN_NANOS);
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** Counts requests to {@code /callback} only, before every other filter (security, observation) so their time counts too. */
    @Configuration(proxyBeanMethods = false)
    static class Registration {

        @Bean
        WebhookCrowd webhookCrowd(MeterRegistry meters) {
            WebhookCrowd crowd = new WebhookCrowd();
            Gauge.builder("sanphalang.webhook.answering", crowd, WebhookCrowd::size)
                    .description("LINE webhook requests being answered now").register(meters);
            return crowd;
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
