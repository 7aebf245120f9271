package org.sanphalang.outbound.internal;

import com.linecorp.bot.messaging.client.MessagingApiClient;
import io.micrometer.core.instrument.MeterRegistry;
import org.sanphalang.outbound.OutboundSettings;
import org.sanphalang.store.DurableWrites;
import org.sanphalang.store.EmbeddedQueries;
import org.sanphalang.testing.EndToEndTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;

/**
 * For tests that drive a dispatcher of their own, built from the application's parts and not started: the context's
 * own dispatcher runs beside it, and is handed nothing the test hands this one.
 */
abstract class StandaloneDispatcherTest extends EndToEndTest {

    @Autowired
    DurableWrites durable;

    @Autowired
    EmbeddedQueries queries;

    @Autowired
    LineSender sender;

    @Autowired
    OutboundSettings settings;

    @Autowired
    MessagingApiClient client;

    @Autowired
    MeterRegistry meters;

    @Autowired
    RateLimiter limiter;

    @Autowired
    QuotaPause pause;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    SharedContents contents;

    /** A dispatcher as just started, on these queries (the application's, or a spy of them). */
    OutboxDispatcher standaloneDispatcher(EmbeddedQueries on) {
        return standaloneDispatcher(on, settings);
    }

    /** The same, with settings of its own, which its calls to LINE follow too (their timeout). */
    OutboxDispatcher standaloneDispatcher(EmbeddedQueries on, OutboundSettings with) {
        return new OutboxDispatcher(mongo, durable, on, new LineSender(client, with), with, clock, meters, limiter, pause,
                events, contents);
    }
}
