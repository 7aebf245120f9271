package org.sanphalang.simulator;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import tools.jackson.databind.JsonNode;
import org.springframework.stereotype.Component;

/**
 * What the bot sent to the simulated LINE, newest last; bounded so a long-running demo cannot fill memory.
 * <p>
 * A reply names no chat, only the reply token of the event it answers; the simulator tells the transcript which
 * chat each token it hands out belongs to ({@link #expectReply}), so every reply lands in the chat it answers.
 */
@Component
public class SimulatorTranscript {

    private static final int CAPACITY = 2_000;
    private static final int TOKENS = 10_000;

    /**
     * @param to    what the request named: a chat id (push), the reply token (reply), user ids (multicast), {@code *} (broadcast)
     * @param chats the simulated chats the messages appear in (group or user ids); empty when no chat is known
     */
    public record Sent(Instant at, String endpoint, String to, List<String> chats, JsonNode messages) {
    }

    private final Deque<Sent> sent = new ArrayDeque<>();
    private final Map<String, String> replyTokens = new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > TOKENS;
        }
    };
    private final List<Consumer<Sent>> listeners = new CopyOnWriteArrayList<>();
    private final Clock clock;
    private volatile java.util.function.Supplier<List<String>> broadcastChats = List::of;

    SimulatorTranscript(Clock clock) {
        this.clock = clock;
    }

    /** The simulator handed out {@code replyToken} with an event in {@code chatId}: a reply with it belongs there. */
    public synchronized void expectReply(String replyToken, String chatId) {
        replyTokens.put(replyToken, chatId);
    }

    /** Called with every message request, after it is recorded. */
    public void listen(Consumer<Sent> listener) {
        listeners.add(listener);
    }

    /** Who receives a broadcast: every simulated person who follows the bot. */
    public void broadcastTo(java.util.function.Supplier<List<String>> followers) {
        this.broadcastChats = followers;
    }

    void record(String endpoint, String to, JsonNode messages) {
        List<String> chats = switch (endpoint) {
            case "reply" -> {
                String chat;
                synchronized (this) {
                    chat = replyTokens.get(to);
                }
                yield chat == null ? List.of() : List.of(chat);
            }
            case "broadcast" -> broadcastChats.get();
            default -> List.of(to);
        };
        record(new Sent(clock.instant(), endpoint, to, chats, messages));
    }

    void recordMulticast(JsonNode to, JsonNode messages) {
        List<String> users = new ArrayList<>();
        to.forEach(id -> users.add(id.asString()));
        record(new Sent(clock.instant(), "multicast", to.toString(), users, messages));
    }

    private void record(Sent entry) {
        synchronized (this) {
            if (sent.size() == CAPACITY) {
                sent.removeFirst();
            }
            sent.addLast(entry);
        }
        for (Consumer<Sent> listener : listeners) {
            listener.accept(entry);
        }
    }

    public synchronized List<Sent> all() {
        return new ArrayList<>(sent);
    }
}
