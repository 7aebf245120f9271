package org.sanphalang.simulator.internal;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The simulated side of LINE: the people, the groups, who is in which, and every chat's timeline (what people typed
 * and what the bot sent). Kept in memory; the bot's own store is the real record. Watchers (the open simulator pages)
 * get every change as a Server-Sent Event.
 */
@Component
public class SimulatorWorld {

    private static final int TIMELINE_CAPACITY = 5_000;
    private static final Duration STREAM_TIMEOUT = Duration.ofMinutes(30);

    public enum Role { VILLAGER, OFFICER }

    public record Person(String id, String name, Role role, boolean following) {
    }

    public record Group(String id, String name, boolean botIn, List<String> members) {
    }

    /**
     * One line of a chat.
     *
     * @param chat    a group id, or a person's id for their 1:1 chat with the bot
     * @param kind    {@code user} (someone typed or tapped), {@code bot} (the bot sent it), {@code system} (joined, left …)
     * @param from    who said it (user lines)
     * @param message a LINE message object ({@code {"type":"text","text":…}}, a Flex message …) or, for system lines, text
     * @param via     for bot lines: reply, push, multicast or broadcast
     */
    public record Entry(long seq, String chat, String kind, String from, String fromName, Object message, Instant at, String via) {
    }

    public record Snapshot(List<Person> people, List<Group> groups, List<Entry> timeline) {
    }

    private final Map<String, Person> people = new LinkedHashMap<>();
    private final Map<String, String> groupNames = new LinkedHashMap<>();
    private final Map<String, Boolean> botIn = new LinkedHashMap<>();
    private final Map<String, Set<String>> members = new LinkedHashMap<>();
    private final Deque<Entry> timeline = new ArrayDeque<>();
    private final AtomicLong seq = new AtomicLong();
    private final List<SseEmitter> watchers = new CopyOnWriteArrayList<>();

    public synchronized Person addPerson(String name, Role role) {
        Person person = new Person("U" + hex32(), name, role, false);
        people.put(person.id(), person);
        changed();
        return person;
    }

    /** A person the bot already knows (from its store), kept under their own id. */
    public synchronized void knownPerson(String id, String name) {
        people.putIfAbsent(id, new Person(id, name == null || name.isBlank() ? "ผู้ใช้ " + tail(id) : name, Role.VILLAGER, false));
    }

    public synchronized Group addGroup(String name) {
        String id = "C" + hex32();
        groupNames.put(id, name);
        botIn.put(id, false);
        members.put(id, new LinkedHashSet<>());
        changed();
        return group(id).orElseThrow();
    }

    /** A group the bot is already in (from its store), kept under its own id. */
    public synchronized void knownGroup(String id, String name, List<String> memberIds) {
        if (groupNames.containsKey(id)) {
            return;
        }
        groupNames.put(id, name);
        botIn.put(id, true);
        members.put(id, new LinkedHashSet<>(memberIds));
    }

    public synchronized Optional<Person> person(String id) {
        return Optional.ofNullable(people.get(id));
    }

    public synchronized Optional<Group> group(String id) {
        if (!groupNames.containsKey(id)) {
            return Optional.empty();
        }
        return Optional.of(new Group(id, groupNames.get(id), botIn.get(id), List.copyOf(members.get(id))));
    }

    public synchronized boolean isEmpty() {
        return people.isEmpty() && groupNames.isEmpty();
    }

    public synchronized void botIn(String groupId, boolean in) {
        botIn.put(groupId, in);
        changed();
    }

    public synchronized void members(String groupId, List<String> userIds, boolean joined) {
        Set<String> set = members.computeIfAbsent(groupId, g -> new LinkedHashSet<>());
        if (joined) {
            set.addAll(userIds);
        } else {
            userIds.forEach(set::remove);
        }
        changed();
    }

    public synchronized void following(String userId, boolean following) {
        Person p = people.get(userId);
        if (p != null) {
            people.put(userId, new Person(p.id(), p.name(), p.role(), following));
            changed();
        }
    }

    /** Everyone who follows the bot: the receivers of a broadcast. */
    public synchronized List<String> followers() {
        return people.values().stream().filter(Person::following).map(Person::id).toList();
    }

    public String nameOf(String id) {
        synchronized (this) {
            Person p = people.get(id);
            if (p != null) {
                return p.name();
            }
            String g = groupNames.get(id);
            if (g != null) {
                return g;
            }
        }
        return null;
    }

    /** How many lines the bot has sent to a chat so far (to wait for its answer). */
    public synchronized long botLines(String chat) {
        return timeline.stream().filter(e -> e.kind().equals("bot") && chat.equals(e.chat())).count();
    }

    public synchronized int memberCount(String groupId) {
        Set<String> set = members.get(groupId);
        return set == null ? 0 : set.size();
    }

    /** A person typed or tapped something in a chat. */
    public void said(String chat, String userId, Object message, Instant at) {
        add(chat, "user", userId, message, at, null);
    }

    /** A note in a chat that is no one's message: joined, left, followed. */
    public void note(String chat, String text, Instant at) {
        add(chat, "system", null, text, at, null);
    }

    /** The bot sent a message to a chat. */
    public void botSent(String chat, Object message, Instant at, String via) {
        add(chat, "bot", null, message, at, via);
    }

    private void add(String chat, String kind, String from, Object message, Instant at, String via) {
        Entry entry;
        synchronized (this) {
            entry = new Entry(seq.incrementAndGet(), chat, kind, from, from == null ? null : nameOf(from), message, at, via);
            if (timeline.size() == TIMELINE_CAPACITY) {
                timeline.removeFirst();
            }
            timeline.addLast(entry);
        }
        emit("entry", entry);
    }

    public synchronized Snapshot snapshot() {
        List<Group> groups = new ArrayList<>();
        for (String id : groupNames.keySet()) {
            groups.add(group(id).orElseThrow());
        }
        return new Snapshot(List.copyOf(people.values()), groups, List.copyOf(timeline));
    }

    /** A page starts watching: it gets the whole picture first, then every change. */
    public SseEmitter watch() {
        SseEmitter emitter = new SseEmitter(STREAM_TIMEOUT.toMillis());
        emitter.onCompletion(() -> watchers.remove(emitter));
        emitter.onTimeout(() -> watchers.remove(emitter));
        emitter.onError(e -> watchers.remove(emitter));
        synchronized (this) {
            try {
                emitter.send(SseEmitter.event().name("snapshot").data(snapshot(), MediaType.APPLICATION_JSON));
                watchers.add(emitter);
            } catch (IOException | IllegalStateException gone) {
                emitter.completeWithError(gone);
            }
        }
        return emitter;
    }

    /**
     * The application is closing: end the open streams first, or the web server's graceful shutdown would wait for
     * them (a page's stream is a request that never ends by itself).
     */
    @EventListener(ContextClosedEvent.class)
    public void closeStreams() {
        for (SseEmitter watcher : watchers) {
            try {
                watcher.complete();
            } catch (IllegalStateException alreadyDone) {
                // Completed meanwhile.
            }
        }
        watchers.clear();
    }

    private void changed() {
        emit("world", snapshotWithoutTimeline());
    }

    private synchronized Snapshot snapshotWithoutTimeline() {
        Snapshot s = snapshot();
        return new Snapshot(s.people(), s.groups(), List.of());
    }

    private void emit(String name, Object data) {
        for (SseEmitter watcher : watchers) {
            try {
                synchronized (watcher) {
                    watcher.send(SseEmitter.event().name(name).data(data, MediaType.APPLICATION_JSON));
                }
            } catch (IOException | IllegalStateException gone) {
                watchers.remove(watcher);
            }
        }
    }

    static String hex32() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    private static String tail(String id) {
        return id.length() <= 4 ? id : id.substring(id.length() - 4);
    }
}
