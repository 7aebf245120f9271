package org.sanphalang.simulator;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import tools.jackson.databind.JsonNode;
import org.springframework.stereotype.Component;

/** What the bot sent to the simulated LINE, newest last; bounded so a long-running demo cannot fill memory. */
@Component
public class SimulatorTranscript {

    private static final int CAPACITY = 2_000;

    public record Sent(Instant at, String endpoint, String to, JsonNode messages) {
    }

    private final Deque<Sent> sent = new ArrayDeque<>();
    private final Clock clock;

    SimulatorTranscript(Clock clock) {
        this.clock = clock;
    }

    synchronized void record(String endpoint, String to, JsonNode messages) {
        if (sent.size() == CAPACITY) {
            sent.removeFirst();
        }
        sent.addLast(new Sent(clock.instant(), endpoint, to, messages));
    }

    public synchronized List<Sent> all() {
        return new ArrayList<>(sent);
    }
}
