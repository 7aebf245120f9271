package org.sanphalang.webhook.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The key an event is deduplicated on: LINE's {@code webhookEventId}, or — for payloads that have none —
 * a digest of the event's content. The digest leaves out {@code deliveryContext} (a redelivery of the same
 * event differs only there) and sorts keys, so it does not depend on how the JSON was laid out.
 */
final class EventKeys {

    /** The SDK's mapper, as the webhook used to read events with: the digest of an event does not change with this. */
    private static final ObjectMapper JSON = com.linecorp.bot.jackson.ModelObjectMapper.createNewObjectMapper();

    private EventKeys() {
    }

    /**
     * @param webhookEventId the event's {@code webhookEventId} as the webhook read it; null or blank: it has none
     * @param event          the event's JSON text (an object), read only when it has no id
     */
    static String keyOf(String webhookEventId, String event) {
        if (webhookEventId != null && !webhookEventId.isBlank()) {
            return webhookEventId;
        }
        JsonNode tree;
        try {
            tree = JSON.readTree(event);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Not a JSON object: an event's key cannot be taken", e);
        }
        if (!(tree instanceof ObjectNode object)) {
            throw new IllegalArgumentException("Not a JSON object: an event's key cannot be taken");
        }
        object.remove("deliveryContext"); // a tree of its own, read just now: nothing else sees it changed
        StringBuilder canonical = new StringBuilder();
        appendCanonical(object, canonical);
        return "sha256:" + sha256(canonical.toString());
    }

    private static void appendCanonical(JsonNode node, StringBuilder out) {
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            Collections.sort(names);
            out.append('{');
            for (int i = 0; i < names.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(com.fasterxml.jackson.databind.node.TextNode.valueOf(names.get(i))).append(':');
                appendCanonical(node.get(names.get(i)), out);
            }
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            for (int i = 0; i < node.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                appendCanonical(node.get(i), out);
            }
            out.append(']');
        } else {
            out.append(node);
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
