package org.sanphalang.outbound.internal;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.bot.jackson.ModelObjectMapper;
import com.linecorp.bot.messaging.model.Message;

/**
 * An outbox entry's messages (stored as LINE's JSON, in the entry or once for many) as the SDK's model, parsed once per
 * distinct JSON. A broadcast sends the same messages to every group; parsing them again for each push was 8 % of a
 * sender's CPU in a fan-out drain (bench/RESULTS.md, session 7). The lists are read-only, so one serves every sender.
 */
final class ParsedMessages {

    /** Few: a fan-out sends one content at a time, and replies, each different, only pass through. */
    static final int KEPT_MAX = 16;

    private final ObjectMapper lineJson = ModelObjectMapper.createNewObjectMapper();
    private final Map<String, List<Message>> kept = new ConcurrentHashMap<>();

    /** @throws IOException when the JSON is not a list of LINE messages (nothing is kept then) */
    List<Message> of(String json) throws IOException {
        List<Message> known = kept.get(json);
        return known != null ? known : keep(json, json);
    }

    /**
     * The messages stored once for many entries under {@code contentId} ({@link SharedContents}), read from the store
     * the first time only.
     *
     * @return empty when the store has none under that id
     * @throws IOException when the JSON stored is not a list of LINE messages (nothing is kept then)
     */
    Optional<List<Message>> shared(String contentId, Function<String, Optional<String>> stored) throws IOException {
        // JSON starts with '[', so no id can be taken for a message's JSON
        String key = "#" + contentId;
        List<Message> known = kept.get(key);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<String> json = stored.apply(contentId);
        return json.isEmpty() ? Optional.empty() : Optional.of(keep(key, json.get()));
    }

    private List<Message> keep(String key, String json) throws IOException {
        List<Message> read = List.copyOf(lineJson.readValue(json, OutboxDispatcher.MESSAGE_LIST));
        if (kept.size() >= KEPT_MAX) {
            kept.clear(); // forgetting costs one parse each
        }
        kept.put(key, read);
        return read;
    }
}
