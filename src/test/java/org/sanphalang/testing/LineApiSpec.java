package org.sanphalang.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * LINE's Messaging API OpenAPI spec ({@code shared/line-openapi/messaging-api.yml}) as a request checker,
 * loaded once per JVM (it is big) and shared by {@link LineApiStandIn} and by tests that check a body directly.
 * <p>
 * Two layers:
 * <ol>
 *   <li><b>swagger-request-validator</b> ({@link OpenApiInteractionValidator}): path, method, parameters
 *       (e.g. {@code X-Line-Retry-Key} must be a UUID), the bearer security scheme, and the JSON body schema.
 *       It follows the spec's {@code discriminator} mappings into the subtype schemas (Message → FlexMessage →
 *       FlexBubble → FlexBox → FlexText / FlexButton → PostbackAction …), so enums, required properties and
 *       max lengths deep inside a Flex message are checked. Two adjustments make that work:
 *       <ul>
 *         <li>the spec leaves the discriminator {@code type} optional on {@code Action}, {@code Recipient} and
 *             {@code DemographicFilter}; the validator then rejects the whole schema and validates no body at
 *             all, so the loaded copy marks it required (LINE rejects an action without a type anyway);</li>
 *         <li>the validator's injected {@code additionalProperties: false} is switched off: with
 *             {@code allOf(parent, subtype)} it rejects every {@code type} field. Unknown properties are
 *             caught by layer 2 for Flex instead.</li>
 *       </ul></li>
 *   <li><b>LINE rules the spec does not state</b> (message prefix {@code line.}): every Flex object's
 *       properties must be ones the spec names for its type (catches typos such as {@code "weigth"}); a Flex
 *       text needs {@code text} or {@code contents}; a Flex button's action needs a {@code label};
 *       {@code altText} ≤ 1500 characters; text message ≤ 5000 characters; bubble JSON ≤ 30 KB, carousel
 *       ≤ 50 KB and ≤ 12 bubbles; a request needs {@code Authorization: Bearer <token>}.</li>
 * </ol>
 */
public final class LineApiSpec {

    private static final Pattern PATH_PREFIX = Pattern.compile("^\\[Path '([^']*)'] ");

    private LineApiSpec() {
    }

    /** The shared swagger-request-validator instance, built on first use. */
    public static OpenApiInteractionValidator validator() {
        return Holder.VALIDATOR;
    }

    /** What the loaded copy of the spec changed, for the record (e.g. "Action: discriminator 'type' marked required"). */
    public static List<String> specPatches() {
        return Collections.unmodifiableList(Holder.PATCHES);
    }

    /**
     * Checks a request as the bot would send it: with {@code Authorization: Bearer …} and, when there is a body,
     * {@code Content-Type: application/json}.
     *
     * @param method   HTTP method, e.g. {@code POST}
     * @param path     path, optionally with a query string, e.g. {@code /v2/bot/message/push}
     * @param jsonBody request body, or {@code null} for none
     * @return every violation, one string each ({@code <pointer>: <problem>}); empty when the request is valid
     */
    public static List<String> validate(String method, String path, String jsonBody) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Authorization", List.of("Bearer test-channel-token"));
        if (jsonBody != null) {
            headers.put("Content-Type", List.of("application/json"));
        }
        return validate(method, path, headers, jsonBody);
    }

    /**
     * Checks a request exactly as given.
     *
     * @param method  HTTP method
     * @param path    path, optionally with a raw (URL-encoded) query string
     * @param headers request headers, names in any case
     * @param body    request body, or {@code null}
     * @return every violation; empty when the request is valid
     */
    public static List<String> validate(String method, String path, Map<String, List<String>> headers, String body) {
        String rawPath = path;
        String query = null;
        int q = path.indexOf('?');
        if (q >= 0) {
            rawPath = path.substring(0, q);
            query = path.substring(q + 1);
        }
        SimpleRequest.Builder b = new SimpleRequest.Builder(method.toUpperCase(Locale.ROOT), rawPath);
        headers.forEach(b::withHeader);
        if (query != null && !query.isEmpty()) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                b.withQueryParam(k, v);
            }
        }
        if (body != null && !body.isEmpty()) {
            b.withBody(body);
        }
        Set<String> errors = new LinkedHashSet<>();
        ValidationReport report = validator().validateRequest(b.build());
        for (ValidationReport.Message m : report.getMessages()) {
            if (m.getLevel() == ValidationReport.Level.ERROR) {
                collectLeaves(m, errors);
            }
        }
        errors.addAll(checkAuthorization(headers));
        if (body != null && !body.isEmpty() && isJson(headers)) {
            errors.addAll(LineRules.check(rawPath, body));
        }
        return new ArrayList<>(errors);
    }

    private static boolean isJson(Map<String, List<String>> headers) {
        return headers.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase("Content-Type"))
                .flatMap(e -> e.getValue().stream())
                .anyMatch(v -> v.toLowerCase(Locale.ROOT).startsWith("application/json"));
    }

    private static List<String> checkAuthorization(Map<String, List<String>> headers) {
        List<String> auth = headers.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase("Authorization"))
                .flatMap(e -> e.getValue().stream()).toList();
        if (auth.isEmpty()) {
            return List.of("line.authorization: Authorization header missing (expected 'Bearer <channel access token>')");
        }
        String v = auth.get(0);
        if (!v.startsWith("Bearer ") || v.substring(7).isBlank()) {
            return List.of("line.authorization: Authorization header is not 'Bearer <channel access token>'");
        }
        return List.of();
    }

    /**
     * The validator nests discriminator/allOf failures many levels deep and repeats them; keep only the leaves
     * (the actual problems), as {@code <json pointer>: <problem> (<key>)}.
     */
    private static void collectLeaves(ValidationReport.Message m, Set<String> out) {
        List<ValidationReport.Message> nested = m.getNestedMessages();
        if (nested.isEmpty() || m.getMessage().startsWith("Discriminator field")) {
            String text = m.getMessage();
            String pointer = "";
            Matcher matcher = PATH_PREFIX.matcher(text);
            if (matcher.find()) {
                pointer = matcher.group(1);
                text = text.substring(matcher.end());
            } else if (m.getContext().flatMap(ValidationReport.MessageContext::getPointers).isPresent()) {
                pointer = m.getContext().get().getPointers().get().getInstance();
            }
            int cut = text.indexOf(": [");
            if (text.startsWith("Instance failed to match") || text.startsWith("Failed validation of discriminator")) {
                if (nested.isEmpty()) {
                    out.add((pointer.isEmpty() ? "" : pointer + ": ") + text + " (" + m.getKey() + ")");
                }
            } else {
                if (cut > 0 && text.endsWith("]") && text.contains("Discriminator")) {
                    text = text.substring(0, cut);
                }
                out.add((pointer.isEmpty() ? "" : pointer + ": ") + text + " (" + m.getKey() + ")");
            }
            if (!nested.isEmpty()) {
                nested.forEach(n -> collectLeaves(n, out));
            }
            return;
        }
        nested.forEach(n -> collectLeaves(n, out));
    }

    private static final class Holder {
        static final List<String> PATCHES = new ArrayList<>();
        static final JsonNode SPEC;
        static final OpenApiInteractionValidator VALIDATOR;

        static {
            Path file = SharedFiles.resolve("line-openapi/messaging-api.yml");
            try {
                SPEC = new YAMLMapper().readTree(file.toFile());
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read LINE's OpenAPI spec at " + file, e);
            }
            patch(SPEC);
            try {
                VALIDATOR = OpenApiInteractionValidator
                        .createForInlineApiSpecification(new ObjectMapper().writeValueAsString(SPEC))
                        .withLevelResolver(LevelResolver.create()
                                .withLevel("validation.schema.additionalProperties", ValidationReport.Level.IGNORE)
                                .withLevel("validation.request.body.schema.additionalProperties",
                                        ValidationReport.Level.IGNORE)
                                .build())
                        .build();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static void patch(JsonNode tree) {
            tree.path("components").path("schemas").fields().forEachRemaining(e -> {
                JsonNode s = e.getValue();
                String prop = s.path("discriminator").path("propertyName").asText(null);
                if (prop == null) {
                    return;
                }
                ObjectNode o = (ObjectNode) s;
                ArrayNode required = o.has("required") ? (ArrayNode) o.get("required") : o.putArray("required");
                for (JsonNode r : required) {
                    if (r.asText().equals(prop)) {
                        return;
                    }
                }
                required.add(prop);
                PATCHES.add(e.getKey() + ": discriminator '" + prop + "' marked required");
            });
        }
    }

    /** LINE's documented rules that the OpenAPI spec does not encode, checked on the message part of a body. */
    static final class LineRules {

        private static final ObjectMapper JSON = new ObjectMapper();
        private static final Map<String, Set<String>> PROPERTIES = new HashMap<>();

        private LineRules() {
        }

        /** Property names allowed on a schema: its own, its allOf parts', recursively through $ref. */
        private static Set<String> properties(String schemaName) {
            synchronized (PROPERTIES) {
                return PROPERTIES.computeIfAbsent(schemaName, n -> {
                    Set<String> names = new LinkedHashSet<>();
                    collect(Holder.SPEC.path("components").path("schemas").path(n), names);
                    return names;
                });
            }
        }

        private static void collect(JsonNode schema, Set<String> names) {
            if (schema.has("$ref")) {
                String ref = schema.get("$ref").asText();
                collect(Holder.SPEC.path("components").path("schemas").path(ref.substring(ref.lastIndexOf('/') + 1)), names);
                return;
            }
            schema.path("properties").fieldNames().forEachRemaining(names::add);
            schema.path("allOf").forEach(part -> collect(part, names));
        }

        private static String subtype(String base, String type) {
            String ref = Holder.SPEC.path("components").path("schemas").path(base)
                    .path("discriminator").path("mapping").path(type).asText(null);
            return ref == null ? null : ref.substring(ref.lastIndexOf('/') + 1);
        }

        static List<String> check(String path, String body) {
            List<String> out = new ArrayList<>();
            JsonNode root;
            try {
                root = JSON.readTree(body);
            } catch (IOException e) {
                return out; // the validator already reports unparseable JSON
            }
            JsonNode messages = root.path("messages");
            for (int i = 0; i < messages.size(); i++) {
                JsonNode m = messages.get(i);
                String at = "/messages/" + i;
                String type = m.path("type").asText();
                if (type.equals("text") && m.path("text").asText().length() > 5000) {
                    out.add(at + "/text: longer than 5000 characters (line.text.maxLength)");
                }
                if (m.has("altText") && m.get("altText").asText().length() > 1500) {
                    out.add(at + "/altText: longer than 1500 characters (line.altText.maxLength)");
                }
                if (type.equals("flex") && m.path("contents").isObject()) {
                    container(m.get("contents"), at + "/contents", out);
                }
            }
            return out;
        }

        private static void container(JsonNode c, String at, List<String> out) {
            int bytes;
            try {
                bytes = JSON.writeValueAsBytes(c).length;
            } catch (IOException e) {
                bytes = 0;
            }
            String type = c.path("type").asText();
            if (type.equals("bubble")) {
                if (bytes > 30 * 1024) {
                    out.add(at + ": bubble is " + bytes + " bytes of JSON, LINE allows 30 KB (line.flex.bubbleSize)");
                }
                bubble(c, at, out);
            } else if (type.equals("carousel")) {
                if (bytes > 50 * 1024) {
                    out.add(at + ": carousel is " + bytes + " bytes of JSON, LINE allows 50 KB (line.flex.carouselSize)");
                }
                JsonNode bubbles = c.path("contents");
                if (bubbles.size() > 12) {
                    out.add(at + "/contents: " + bubbles.size() + " bubbles, LINE allows 12 (line.flex.carouselBubbles)");
                }
                unknown(c, "FlexCarousel", at, out);
                for (int i = 0; i < bubbles.size(); i++) {
                    bubble(bubbles.get(i), at + "/contents/" + i, out);
                }
            }
        }

        private static void bubble(JsonNode b, String at, List<String> out) {
            unknown(b, "FlexBubble", at, out);
            for (String part : List.of("header", "hero", "body", "footer")) {
                if (b.path(part).isObject()) {
                    component(b.get(part), at + "/" + part, out);
                }
            }
            if (b.path("styles").isObject()) {
                unknown(b.get("styles"), "FlexBubbleStyles", at + "/styles", out);
                b.get("styles").fields().forEachRemaining(e ->
                        unknown(e.getValue(), "FlexBlockStyle", at + "/styles/" + e.getKey(), out));
            }
            if (b.path("action").isObject()) {
                action(b.get("action"), at + "/action", false, out);
            }
        }

        private static void component(JsonNode c, String at, List<String> out) {
            String type = c.path("type").asText();
            String schema = subtype("FlexComponent", type);
            if (schema == null) {
                return; // the validator reports unknown types
            }
            unknown(c, schema, at, out);
            if (type.equals("text") && !c.hasNonNull("text") && !c.path("contents").isArray()) {
                out.add(at + ": a text component needs 'text' (or 'contents' spans) (line.flex.text.required)");
            }
            if (c.path("action").isObject()) {
                action(c.get("action"), at + "/action", type.equals("button"), out);
            }
            JsonNode children = c.path("contents");
            for (int i = 0; i < children.size(); i++) {
                component(children.get(i), at + "/contents/" + i, out);
            }
            if (c.path("altContent").isObject()) {
                component(c.get("altContent"), at + "/altContent", out);
            }
            if (c.path("background").isObject()) {
                String bg = subtype("FlexBoxBackground", c.get("background").path("type").asText());
                if (bg != null) {
                    unknown(c.get("background"), bg, at + "/background", out);
                }
            }
        }

        private static void action(JsonNode a, String at, boolean labelRequired, List<String> out) {
            String schema = subtype("Action", a.path("type").asText());
            if (schema == null) {
                return;
            }
            unknown(a, schema, at, out);
            if (labelRequired && (!a.hasNonNull("label") || a.get("label").asText().isEmpty())) {
                out.add(at + ": a button's action needs a 'label' (line.flex.button.label)");
            }
            if (a.has("label") && a.get("label").asText().length() > 40) {
                out.add(at + "/label: longer than 40 characters (line.action.label.maxLength)");
            }
        }

        private static void unknown(JsonNode node, String schema, String at, List<String> out) {
            Set<String> allowed = properties(schema);
            node.fieldNames().forEachRemaining(f -> {
                if (!allowed.contains(f)) {
                    out.add(at + ": property '" + f + "' is not defined for " + schema + " (line.unknownProperty)");
                }
            });
        }
    }
}
