package org.sanphalang.webhook.internal;

import java.lang.reflect.UndeclaredThrowableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.bot.jackson.ModelObjectMapper;
import com.linecorp.bot.webhook.model.Event;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.sanphalang.store.DueHints;
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
 * feature modules. This process remembers which entries it knows to be due — accepted here, or scheduled here
 * for a retry — and claims those by key; new arrivals wake a worker at once. A sweep (the full query, at start
 * and then every {@code sweep-interval}) picks up what no one here knows of: entries left by a crash (their lease
 * ran out) and work accepted or rescheduled by another instance. On the embedded store the full query reads
 * every entry kept for deduplication, so it must not run per event.
 * <p>
 * While a crowd of webhook requests is being answered ({@link WebhookCrowd}), a worker waits a little before each
 * event: on shared cores, handling would otherwise slow the answers LINE is waiting for.
 */
@Component
public class InboxWorker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(InboxWorker.class);
    /** Journaled events per insertMany. */
    private static final int MOVE_BATCH = 500;
    /** Due entries read per sweep. */
    private static final int SWEEP_BATCH = 5_000;
    /** Known-due keys held in memory; more wait in the inbox for a sweep. Two sweeps' worth. */
    private static final int HINTS = 2 * SWEEP_BATCH;

    private final Inbox inbox;
    private final InboxJournal journal;
    private Thread mover;
    private final ApplicationEventPublisher events;
    private final WebhookSettings settings;
    private final Clock clock;
    private final ObjectMapper lineJson = ModelObjectMapper.createNewObjectMapper();
    private final WorkerThreads threads;
    private final DueHints<String, Inbox.Due> due = new DueHints<>(Inbox.Due::key, HINTS);
    private final AtomicLong lastSweep;
    private final AtomicBoolean payloadsDropped = new AtomicBoolean();
    private volatile boolean moreDue;
    private final Timer handling;
    private final Timer givingWay;
    private final MeterRegistry meters;
    private final WebhookCrowd crowd;
    private volatile boolean running;

    InboxWorker(Inbox inbox, InboxJournal journal, WebhookCrowd crowd, ApplicationEventPublisher events, WebhookSettings settings,
                Clock clock, MeterRegistry meters) {
        this.inbox = inbox;
        this.journal = journal;
        this.crowd = crowd;
        this.events = events;
        this.settings = settings;
        this.clock = clock;
        this.meters = meters;
        this.lastSweep = new AtomicLong(System.nanoTime() - settings.sweepInterval().toNanos());
        this.threads = new WorkerThreads("inbox", settings.workers(), settings.pollInterval(), this::handleNext);
        this.handling = Timer.builder("sanphalang.inbox.handling").description("Time to handle one LINE event")
                .publishPercentiles(0.5, 0.99).register(meters);
        this.givingWay = Timer.builder("sanphalang.inbox.giving.way")
                .description("Time a worker waited before handling an event while a crowd of webhook requests was answered")
                .register(meters);
    }

    /**
     * New events were accepted here: remember their keys so workers claim them by key, and wake one. None (all were
     * redeliveries, or they went to the journal and the mover announces them): nothing to wake a worker for — a
     * wake-up per webhook request was a thread switch per request for a worker that then found nothing.
     */
    public void accepted(List<String> keys) {
        if (keys.isEmpty()) {
            return;
        }
        keys.forEach(key -> due.add(new Inbox.Due(key, InboxEntry.Status.PENDING, 0))); // beyond the hints' room: the next sweep
        threads.wake();
    }

    @Override
    public void start() {
        running = true;
        if (journal.active()) {
            // Also with processing off: "stored, not handled" means stored in the inbox.
            mover = new Thread(this::moveJournal, "inbox-journal");
            mover.setDaemon(true);
            mover.start();
        }
        if (!settings.processing()) {
            log.warn("Inbox processing is switched off (sanphalang.webhook.processing=false): events are stored, not handled");
            return;
        }
        threads.start();
    }

    @Override
    public void stop() {
        running = false;
        if (mover != null) {
            try {
                mover.join(TimeUnit.SECONDS.toMillis(30)); // it finishes moving what the journal holds
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            mover = null;
            journal.close();
        }
        threads.stop();
    }

    /**
     * Moves journaled events into the inbox in batches, announcing the new ones to the workers; runs until stopped
     * and the journal is empty. While a crowd of webhook requests is answered it gives way as the workers do, and moves
     * only as many events as there are workers: the others wait in the journal's file, already durable, and moving them
     * was a tenth of a millisecond of CPU per event at saturation (bench/RESULTS.md, session 14), besides the store's own
     * work. A batch the store refuses (it is down) is read and tried again.
     */
    private void moveJournal() {
        while (running || journal.pending() > 0) {
            InboxJournal.Batch batch = null;
            try {
                batch = journal.take(MOVE_BATCH, settings.pollInterval());
                if (batch.isEmpty()) {
                    continue;
                }
                if (running) { // after the take: a crowd may have gathered while it waited for the first event
                    int few = Math.max(1, settings.workers());
                    if (batch.entries().size() > few && crowd.crowded(settings.giveWayAt())) {
                        // The workers handle one event each per give-way-at-most under a crowd: moving more would be
                        // the store's work for nothing yet, 500 events a second at saturation (bench/RESULTS.md, session 15).
                        journal.putBack(batch);
                        batch = journal.take(few, Duration.ZERO);
                    }
                    crowd.giveWay(settings.giveWayAt(), settings.giveWayAtMost());
                }
                List<String> stored = inbox.insert(batch.entries());
                journal.moved(batch);
                if (settings.processing()) {
                    accepted(stored);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (batch != null) {
                    journal.putBack(batch);
                }
                log.warn("Could not move journaled events into the inbox; trying again: {}", e.toString());
                try {
                    Thread.sleep(settings.pollInterval().toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
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
        if (sweepDue()) {
            sweep();
        }
        Inbox.Due hint = due.poll();
        if (hint != null) {
            Duration waited = crowd.giveWay(settings.giveWayAt(), settings.giveWayAtMost());
            if (!waited.isZero()) {
                givingWay.record(waited);
            }
        }
        Optional<InboxEntry> claimed = hint != null ? inbox.claim(hint.key(), hint.status(), hint.attempts()) : Optional.empty();
        if (claimed.isEmpty()) {
            return hint != null;
        }
        InboxEntry entry = claimed.get();
        Timer.Sample sample = Timer.start(meters);
        try {
            if (entry.payload() == null) {
                // A handled entry put back by hand: what LINE sent was dropped when it was handled (Inbox.done).
                parkUnreadable(entry, new IllegalStateException("No payload: the event was handled before, and what LINE sent was dropped then"));
                return true;
            }
            Event event;
            try {
                event = lineJson.readValue(entry.payload(), Event.class);
            } catch (JsonProcessingException unreadable) {
                // LINE signed it, but the SDK cannot read it as an event: every attempt would read it the same way.
                parkUnreadable(entry, unreadable);
                return true;
            }
            events.publishEvent(new LineEventReceived(entry.id(), event, entry.receivedAt(), entry.attempts(), entry.payload()));
            inbox.done(entry);
            count("done");
        } catch (Exception | StackOverflowError | LinkageError | AssertionError failure) {
            // Errors too: one that overflows the stack is one event's failure, and must neither kill this worker thread
            // nor wait out a lease before its retry. Spring wraps a listener's Error: the entry records the Error.
            Throwable e = failure instanceof UndeclaredThrowableException wrapped && wrapped.getCause() != null ? wrapped.getCause() : failure;
            Optional<Instant> retryAt = inbox.failed(entry, e);
            retryAt.ifPresent(at -> due.add(new Inbox.Due(entry.id(), InboxEntry.Status.PENDING, entry.attempts()),
                    System.nanoTime() + Math.max(0, Duration.between(clock.instant(), at).toNanos())));
            count(retryAt.isPresent() ? "retry" : "failed");
            log.warn("Handling event {} ({}) failed on attempt {}: {}", entry.id(), entry.type(), entry.attempts(), e.toString(),
                    retryAt.isEmpty() ? e : null);
        } finally {
            sample.stop(handling);
        }
        return true;
    }

    /**
     * At most one full query per sweep interval across this process's workers — or at once when the last sweep
     * filled its batch, or hints were refused for want of room, and what is held is used up.
     */
    private boolean sweepDue() {
        long now = System.nanoTime();
        long last = lastSweep.get();
        boolean more = (moreDue || due.refusedSome()) && due.noneDueNow();
        return (more || now - last >= settings.sweepInterval().toNanos()) && lastSweep.compareAndSet(last, now);
    }

    /** Queues the due entries no one here knows of; a full batch means more wait, so the next claim sweeps again. */
    private void sweep() {
        due.sweeping();
        List<Inbox.Due> found = inbox.due(SWEEP_BATCH);
        found.forEach(due::add);
        moreDue = found.size() == SWEEP_BATCH;
    }

    /** Parks an entry that holds no event to hand on, at its first attempt: another would find the same. */
    private void parkUnreadable(InboxEntry entry, Exception why) {
        inbox.unreadable(entry, why);
        count("unreadable");
        log.warn("Event {} ({}) has nothing the LINE SDK can read; parked: {}", entry.id(), entry.type(),
                why instanceof JsonProcessingException json ? json.getOriginalMessage() : why.getMessage());
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
        // Once per start: entries handled since then never keep a payload (Inbox.done).
        if (payloadsDropped.compareAndSet(false, true)) {
            long dropped = inbox.dropPayloadsOfHandled();
            if (dropped > 0) {
                log.info("Dropped the payloads of {} handled inbox entries stored by an earlier version", dropped);
            }
        }
    }
}
