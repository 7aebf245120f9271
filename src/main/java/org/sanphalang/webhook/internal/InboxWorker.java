package org.sanphalang.webhook.internal;

import java.time.Clock;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.bot.jackson.ModelObjectMapper;
import com.linecorp.bot.webhook.model.Event;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.sanphalang.store.WorkerThreads;
import org.sanphalang.webhook.LineEventReceived;
import org.sanphalang.webhook.WebhookSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Handles the inbox off the request thread. Workers claim one due entry at a time and publish it to the
 * feature modules; new arrivals wake them at once, and a slow poll picks up retries, entries left by a crash
 * (their lease runs out) and work accepted by another instance.
 */
@Component
public class InboxWorker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(InboxWorker.class);

    private final Inbox inbox;
    private final ApplicationEventPublisher events;
    private final WebhookSettings settings;
    private final Clock clock;
    private final ObjectMapper lineJson = ModelObjectMapper.createNewObjectMapper();
    private final WorkerThreads threads;
    private final java.util.Queue<String> fresh = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final java.util.concurrent.atomic.AtomicLong lastFullClaim = new java.util.concurrent.atomic.AtomicLong();
    private final Timer handling;
    private final MeterRegistry meters;
    private volatile boolean running;

    InboxWorker(Inbox inbox, ApplicationEventPublisher events, WebhookSettings settings, Clock clock, MeterRegistry meters) {
        this.inbox = inbox;
        this.events = events;
        this.settings = settings;
        this.clock = clock;
        this.meters = meters;
        this.threads = new WorkerThreads("inbox", settings.workers(), settings.pollInterval(), this::handleNext);
        this.handling = Timer.builder("sanphalang.inbox.handling").description("Time to handle one LINE event")
                .publishPercentiles(0.5, 0.99).register(meters);
    }

    /** New events were accepted here: remember their keys so workers claim them by _id, and wake one. */
    public void accepted(java.util.List<String> keys) {
        fresh.addAll(keys);
        threads.wake();
    }

    @Override
    public void start() {
        running = true;
        if (!settings.processing()) {
            log.warn("Inbox processing is switched off (sanphalang.webhook.processing=false): events are stored, not handled");
            return;
        }
        threads.start();
    }

    @Override
    public void stop() {
        running = false;
        threads.stop();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stop after the web server (which stops first) so accepted events in flight finish handling. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 1024;
    }

    /** @return whether an entry was found (handled or not) */
    boolean handleNext() {
        String key = fresh.poll();
        Optional<InboxEntry> claimed = key != null ? inbox.claim(key) : Optional.empty();
        if (claimed.isEmpty() && fullClaimDue(key == null)) {
            // Retries, entries of a crashed worker or of another instance: found by the full query.
            claimed = inbox.claim();
        }
        if (claimed.isEmpty()) {
            return key != null;
        }
        InboxEntry entry = claimed.get();
        Timer.Sample sample = Timer.start(meters);
        try {
            Event event = lineJson.readValue(entry.payload(), Event.class);
            events.publishEvent(new LineEventReceived(entry.id(), event, entry.receivedAt(), entry.attempts(), entry.payload()));
            inbox.done(entry);
            count("done");
        } catch (Exception e) {
            InboxEntry.Status next = inbox.failed(entry, e);
            count(next == InboxEntry.Status.FAILED ? "failed" : "retry");
            log.warn("Handling event {} ({}) failed on attempt {}: {}", entry.id(), entry.type(), entry.attempts(), e.toString(),
                    next == InboxEntry.Status.FAILED ? e : null);
        } finally {
            sample.stop(handling);
        }
        return true;
    }

    /** At most one full query per poll interval across this process's workers, and never starved by fresh work. */
    private boolean fullClaimDue(boolean idle) {
        long now = System.nanoTime();
        long last = lastFullClaim.get();
        boolean due = idle || now - last >= settings.pollInterval().toNanos();
        return due && lastFullClaim.compareAndSet(last, now);
    }

    private void count(String outcome) {
        Counter.builder("sanphalang.inbox.handled").tag("outcome", outcome).register(meters).increment();
    }

    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT1M")
    void purgeOldEntries() {
        long removed = inbox.purgeHandledBefore(clock.instant().minus(settings.retention()));
        if (removed > 0) {
            log.info("Removed {} handled inbox entries older than {}", removed, settings.retention());
        }
    }
}
