package org.sanphalang.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One request the stand-in received, with what it answered.
 *
 * @param method       HTTP method
 * @param path         path without the query, e.g. {@code /v2/bot/message/push}
 * @param query        raw query string, or {@code null}
 * @param headers      request headers; keys are case-insensitive (see {@link #header(String)})
 * @param body         raw body (UTF-8), empty when none
 * @param status       status answered; {@code -1} when the stand-in dropped the connection (timeout fault)
 * @param responseBody body answered (JSON), empty when none
 * @param violations   what the OpenAPI check found wrong with the request; empty when valid
 * @param fault        the injected fault that answered, or {@code null}
 * @param at           when it arrived
 */
public record RecordedRequest(String method, String path, String query, Map<String, List<String>> headers,
                              String body, int status, String responseBody, List<String> violations, String fault,
                              Instant at) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public RecordedRequest {
        TreeMap<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        h.putAll(headers);
        headers = Collections.unmodifiableMap(h);
        violations = List.copyOf(violations);
    }

    /** First value of a header (name in any case), or {@code null}. */
    public String header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The body as JSON (Jackson 2); a {@code MissingNode} when there is no body. */
    public JsonNode json() {
        if (body == null || body.isEmpty()) {
            return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException("Body of " + method + " " + path + " is not JSON: " + body, e);
        }
    }

    /** The answer as JSON; a {@code MissingNode} when empty. */
    public JsonNode responseJson() {
        if (responseBody == null || responseBody.isEmpty()) {
            return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        }
        try {
            return JSON.readTree(responseBody);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the stand-in accepted it (2xx). */
    public boolean accepted() {
        return status >= 200 && status < 300;
    }
}
