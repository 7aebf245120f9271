package org.sanphalang.outbound;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.bot.jackson.ModelObjectMapper;
import com.linecorp.bot.messaging.model.Message;
import org.sanphalang.outbound.internal.OutboxDispatcher;
import org.sanphalang.outbound.internal.OutboxEntry;
import org.sanphalang.outbound.internal.SharedContents;
import org.sanphalang.store.DurableWrites;
import org.sanphalang.store.EmbeddedQueries;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * The one way to send: {@link #enqueue} (one chat) and {@link #enqueueMulticast} (many users) store the message
 * durably and the dispatcher delivers it.
 */
@Component
public class Outbox {

    /** LINE's limit of user ids in one multicast request. */
    public static final int MULTICAST_MAX_RECIPIENTS = 500;
    /** Entries per insert of {@link #enqueueAll}. */
    private static final int BATCH = 500;

    private final MongoTemplate mongo;
    private final DurableWrites durable;
    private final OutboxDispatcher dispatcher;
    private final OutboundSettings settings;
    private final Clock clock;
    private final EmbeddedQueries queries;
    private final SharedContents contents;
    private final ObjectMapper lineJson = ModelObjectMapper.createNewObjectMapper();

    Outbox(MongoTemplate mongo, DurableWrites durable, OutboxDispatcher dispatcher, OutboundSettings settings, Clock clock,
           EmbeddedQueries queries, SharedContents contents) {
        this.mongo = mongo;
        this.contents = contents;
        this.queries = queries;
        this.durable = durable;
        this.dispatcher = dispatcher;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Stores the message for delivery, once per key.
     *
     * @return true if it was new, false if a message with this key was already enqueued
     */
    public boolean enqueue(OutgoingMessage message) {
        return enqueueAll(List.of(message)) == 1;
    }

    /**
     * Stores many messages for delivery, each once per key, with one write to the store per 500 and one commit: for
     * sends to many chats at once (a broadcast or a story to every group). Calling it again with the same keys
     * after a crash stores only those that were not. Messages that several of them send alike are stored once, and
     * each of those entries names them ({@link SharedContents}).
     *
     * @return how many were new
     */
    public int enqueueAll(List<OutgoingMessage> messages) {
        Instant now = storedTime(clock.instant());
        List<OutboxEntry> stored = new ArrayList<>(messages.size());
        SharedJson shared = new SharedJson();
        List<String> jsons = messages.stream().map(m -> shared.of(m.messages())).toList();
        Map<String, String> contentIds = sharedContents(jsons);
        for (int from = 0; from < messages.size(); from += BATCH) {
            List<OutboxEntry> entries = new ArrayList<>(BATCH);
            for (int i = from; i < Math.min(messages.size(), from + BATCH); i++) {
                entries.add(entryFor(messages.get(i), jsons.get(i), contentIds.get(jsons.get(i)), now));
            }
            stored.addAll(insertNew(entries));
        }
        if (!stored.isEmpty()) { // keys already there are another call's to commit
            durable.commit();
            dispatcher.stored(stored);
        }
        return stored.size();
    }

    /**
     * One JSON for messages that are the same objects (a broadcast's card in every push): written once, and stored once
     * for all their entries.
     */
    private final class SharedJson {
        private List<Message> last;
        private String json;

        String of(List<Message> messages) {
            if (last == null || !sameObjects(last, messages)) {
                json = json(messages);
                last = messages;
            }
            return json;
        }

        private static boolean sameObjects(List<Message> a, List<Message> b) {
            if (a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (a.get(i) != b.get(i)) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * The messages more than one of these entries sends, stored once ({@link SharedContents}) before the entries that
     * name them. Compared as the same string: {@link SharedJson} writes the same objects (a broadcast's card) once.
     *
     * @return content id by JSON, for those stored so
     */
    private Map<String, String> sharedContents(List<String> jsons) {
        if (jsons.size() < 2) {
            return Map.of(); // a single message (every reply): nothing to share
        }
        Map<String, Integer> uses = new IdentityHashMap<>();
        jsons.forEach(json -> uses.merge(json, 1, Integer::sum));
        Map<String, String> ids = new IdentityHashMap<>();
        uses.forEach((json, n) -> {
            if (n > 1) {
                ids.put(json, contents.store(json));
            }
        });
        return ids;
    }

    /** A time as the store keeps it (milliseconds), so that an entry kept in memory is the entry it reads back. */
    private static Instant storedTime(Instant time) {
        return time.truncatedTo(ChronoUnit.MILLIS);
    }

    private OutboxEntry entryFor(OutgoingMessage message, String json, String contentId, Instant now) {
        boolean canReply = message.replyToken() != null && !message.replyToken().isBlank();
        Instant issued = message.tokenIssuedAt() != null ? message.tokenIssuedAt() : now;
        return new OutboxEntry(message.key(), UUID.randomUUID().toString(), message.to(),
                canReply ? message.replyToken() : null,
                canReply ? storedTime(issued.plus(settings.replyWindow())) : null,
                contentId == null ? json : null, contentId, message.messages().size(), message.purpose(),
                OutboxEntry.Status.PENDING, canReply ? OutboxEntry.ReplyState.READY : OutboxEntry.ReplyState.NONE,
                0, now, now, null, null, null, null, null, OutboxEntry.Kind.PUSH, null);
    }

    /** One unordered insert of the entries; keys already there are skipped. @return the entries newly stored */
    private List<OutboxEntry> insertNew(List<OutboxEntry> entries) {
        List<EmbeddedQueries.Inserted> outcomes = queries.insertNew(mongo, OutboxEntry.COLLECTION, durable.writeConcern(), entries,
                OutboxEntry::id, OutboxEntry.Status.PENDING);
        return EmbeddedQueries.Inserted.newOnes(entries, outcomes, OutboxEntry::id, OutboxEntry.COLLECTION);
    }

    /**
     * Stores one message for many users, sent by multicast in requests of at most 500 ids. Each request is an
     * entry of its own with its own retry key, keyed {@code key + "#" + n} (n from 1, in the order of
     * {@code userIds}), so calling again with the same key and ids after a crash adds only what is missing.
     * Groups and rooms cannot be multicast to: push to each of them with {@link #enqueue}.
     *
     * @param userIds  LINE user ids ({@code U…}); repeated ids are sent once
     * @param messages 1 to 5 LINE messages
     * @return how many requests were newly stored (0 if all were already)
     */
    public int enqueueMulticast(String key, List<String> userIds, String purpose, List<Message> messages) {
        if (key == null || purpose == null) {
            throw new IllegalArgumentException("A multicast needs a key and a purpose");
        }
        if (messages == null || messages.isEmpty() || messages.size() > 5) {
            throw new IllegalArgumentException("LINE takes 1 to 5 messages per request, not " + (messages == null ? 0 : messages.size()));
        }
        List<String> users = List.copyOf(new LinkedHashSet<>(userIds));
        for (String id : users) {
            if (id == null || !id.startsWith("U")) {
                throw new IllegalArgumentException("Multicast reaches users only; push to " + id + " instead");
            }
        }
        Instant now = storedTime(clock.instant());
        String json = json(messages);
        List<List<String>> chunks = chunks(users);
        List<OutboxEntry> stored = new ArrayList<>();
        for (int n = 0; n < chunks.size(); n++) {
            List<String> chunk = List.copyOf(chunks.get(n));
            OutboxEntry entry = new OutboxEntry(key + "#" + (n + 1), UUID.randomUUID().toString(), null, null, null, json, null,
                    messages.size(), purpose, OutboxEntry.Status.PENDING, OutboxEntry.ReplyState.NONE, 0, now, now,
                    null, null, null, null, null, OutboxEntry.Kind.MULTICAST, chunk);
            if (insert(entry)) {
                stored.add(entry);
            }
        }
        durable.commit();
        dispatcher.stored(stored);
        return stored.size();
    }

    /**
     * Stores one message for every follower of the Official Account (LINE's broadcast API, 60 requests an hour,
     * charged per follower). Like every send it is stored first and goes once, whatever is retried.
     *
     * @return true if it was new
     */
    public boolean enqueueBroadcast(String key, String purpose, List<Message> messages) {
        if (key == null || purpose == null || messages == null || messages.isEmpty() || messages.size() > 5) {
            throw new IllegalArgumentException("A broadcast needs a key, a purpose and 1 to 5 messages");
        }
        Instant now = storedTime(clock.instant());
        OutboxEntry entry = new OutboxEntry(key, UUID.randomUUID().toString(), null, null, null, json(messages), null,
                messages.size(), purpose, OutboxEntry.Status.PENDING, OutboxEntry.ReplyState.NONE, 0, now, now,
                null, null, null, null, null, OutboxEntry.Kind.BROADCAST, null);
        if (!insert(entry)) {
            return false;
        }
        durable.commit();
        dispatcher.stored(List.of(entry));
        return true;
    }

    private boolean insert(OutboxEntry entry) {
        return !insertNew(List.of(entry)).isEmpty();
    }

    private static List<List<String>> chunks(List<String> users) {
        List<List<String>> chunks = new ArrayList<>();
        for (int from = 0; from < users.size(); from += MULTICAST_MAX_RECIPIENTS) {
            chunks.add(users.subList(from, Math.min(users.size(), from + MULTICAST_MAX_RECIPIENTS)));
        }
        return chunks;
    }

    private String json(List<Message> messages) {
        try {
            return lineJson.writerFor(OutboxDispatcher.MESSAGE_LIST).writeValueAsString(messages);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Message cannot be written as JSON", e);
        }
    }
}
