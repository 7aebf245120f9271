package org.sanphalang.flex;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.linecorp.bot.jackson.ModelObjectMapper;
import com.linecorp.bot.messaging.model.FlexMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * The bot's Flex Message templates, rendered on the JSON tree.
 *
 * <h2>Where templates come from</h2>
 * Every {@code *.json} file of {@code classpath:flex-templates/} (the repository's top-level
 * {@code flex-templates/}, packaged into the jar), overridden file by file by those in
 * {@link FlexSettings#templatesDir()} when an operator sets one. The name of a
 * template is its file name without {@code .json}. Templates are read and checked once, at start.
 *
 * <h2>Placeholders</h2>
 * <ul>
 *   <li>A JSON string that is exactly {@code "{{name}}"} is replaced by the value <em>as JSON</em>: a string,
 *       a map/list/{@link JsonNode} (e.g. a list of row components) inserted as a tree, or a number/boolean —
 *       typed only for the properties LINE types so ({@code flex}, {@code maxLines}, {@code wrap},
 *       {@code scaling}, {@code animated}, {@code separator}, {@code notificationDisabled}); for any other
 *       property (e.g. {@code text}) a number is formatted as text, since LINE rejects a number there.</li>
 *   <li>{@code {{name}}} inside a longer string is replaced by the value as text (numbers with thousands
 *       separators and at most two decimals: {@code 4500} → {@code 4,500}). Substituted text is never scanned
 *       again, so a value containing {@code {{other}}} stays literally {@code {{other}}}.</li>
 *   <li>A missing or {@code null} value renders as {@code -} (a dash, as on a paper form), in both cases.</li>
 *   <li>An object with {@code "x-if": "name"} is dropped when {@code name} is absent, null, blank, {@code false}
 *       or an empty list/map; {@code "x-if": "!name"} keeps it only then. The {@code x-if} key is always removed.
 *       A dropped array element disappears; a dropped object property (e.g. a bubble's {@code hero}) is removed.</li>
 *   <li>An array element with {@code "x-each": "name"} is repeated for each item of the list {@code name}; each
 *       item is a map whose entries are visible (over the outer values) inside that copy. {@code x-each} is removed.</li>
 *   <li>Keys are never substituted. Values are not trusted: they only ever become JSON string/number/boolean
 *       values or (when given as maps/lists/trees) subtrees, never JSON text, so quotes, braces, backslashes,
 *       newlines and {@code $operators} cannot change the structure.</li>
 * </ul>
 *
 * <h2>LINE's limits, after rendering</h2>
 * <ul>
 *   <li>{@code altText} longer than 1500 characters is cut with an ellipsis; a blank one gets a default.</li>
 *   <li>The {@code text} of a text or span component longer than 2000 characters is cut with an ellipsis.</li>
 *   <li>A bubble over 30 KB of JSON, a carousel over 50 KB or with more than 12 bubbles is <b>not</b> trimmed:
 *       {@link FlexTemplateException} is thrown, since silently losing part of a report is worse.</li>
 * </ul>
 */
@Component
public class FlexTemplates {

    public static final String CLASSPATH_FOLDER = "flex-templates";
    public static final int MAX_ALT_TEXT = 1500;
    public static final int MAX_TEXT = 2000;
    public static final int MAX_BUBBLE_BYTES = 30 * 1024;
    public static final int MAX_CAROUSEL_BYTES = 50 * 1024;
    public static final int MAX_BUBBLES = 12;
    /** What a missing value renders as. */
    public static final String MISSING = "-";

    private static final Logger log = LoggerFactory.getLogger(FlexTemplates.class);
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z0-9_.-]+)\\s*}}");
    private static final String ELLIPSIS = "…";
    /** Flex/message properties LINE types as number or boolean; everywhere else a scalar value becomes text. */
    static final Set<String> TYPED_PROPERTIES = Set.of("flex", "maxLines", "wrap", "scaling", "animated",
            "separator", "notificationDisabled");
    private static final String DEFAULT_ALT_TEXT = "ข้อความจากสานพลัง";

    private final ObjectMapper mapper = ModelObjectMapper.createNewObjectMapper();
    private final Map<String, ObjectNode> templates;
    private final Map<String, String> origins;

    public FlexTemplates(FlexSettings settings) {
        Map<String, ObjectNode> loaded = new TreeMap<>();
        Map<String, String> from = new TreeMap<>();
        loadClasspath(loaded, from);
        Path dir = settings.templatesDir() == null ? null : settings.templatesDir().toAbsolutePath().normalize();
        if (dir != null && Files.isDirectory(dir)) {
            loadFolder(dir, loaded, from);
        }
        if (loaded.isEmpty()) {
            throw new FlexTemplateException("No Flex templates found in " + dir + " nor in classpath:" + CLASSPATH_FOLDER);
        }
        this.templates = Collections.unmodifiableMap(loaded);
        this.origins = Collections.unmodifiableMap(from);
        log.info("Flex templates {} (folder {})", templates.keySet(), dir);
    }

    /** The names of the available templates (file names without {@code .json}). */
    public Set<String> names() {
        return new TreeSet<>(templates.keySet());
    }

    /** Where a template was read from (a file path or a classpath URL), for diagnostics. */
    public String origin(String name) {
        return origins.get(stripJson(name));
    }

    /**
     * Renders a template into the SDK's {@link FlexMessage}, ready for a push or reply.
     *
     * @param name   template name, e.g. {@code checkin-confirmation}
     * @param values placeholder values
     */
    public FlexMessage render(String name, Map<String, ?> values) {
        JsonNode tree = renderTree(name, values);
        try {
            return mapper.treeToValue(tree, FlexMessage.class);
        } catch (JsonProcessingException e) {
            throw new FlexTemplateException("Template '" + name + "' does not make a Flex message: "
                    + e.getOriginalMessage(), e);
        }
    }

    /**
     * Renders a template into the JSON tree of a Flex message ({@code {"type":"flex","altText":…,"contents":…}}).
     *
     * @param name   template name, e.g. {@code checkin-confirmation}
     * @param values placeholder values (may be empty; {@code null} values count as missing)
     * @throws FlexTemplateException for an unknown name, or a result over LINE's size limits
     */
    public JsonNode renderTree(String name, Map<String, ?> values) {
        ObjectNode template = templates.get(stripJson(name));
        if (template == null) {
            throw new FlexTemplateException("No Flex template '" + name + "'; there are " + templates.keySet());
        }
        Map<String, Object> scope = values == null ? Map.of() : new HashMap<>(values);
        JsonNode rendered = render(template, scope);
        if (!(rendered instanceof ObjectNode message)) {
            throw new FlexTemplateException("Template '" + name + "' rendered to nothing (x-if on the message?)");
        }
        enforceLimits(name, message);
        return message;
    }

    // ------------------------------------------------------------------ rendering

    /** Renders a node; {@code null} means "drop it" (an x-if that failed). */
    private JsonNode render(JsonNode node, Map<String, Object> scope) {
        if (node.isObject()) {
            JsonNode condition = node.get("x-if");
            if (condition != null && !holds(condition.asText(), scope)) {
                return null;
            }
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                if (f.getKey().equals("x-if") || f.getKey().equals("x-each")) {
                    continue;
                }
                JsonNode value = f.getValue().isTextual()
                        ? substitute(f.getValue().asText(), scope, f.getKey())
                        : render(f.getValue(), scope);
                if (value != null) {
                    out.set(f.getKey(), value);
                }
            }
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            for (JsonNode element : node) {
                JsonNode each = element.isObject() ? element.get("x-each") : null;
                if (each != null) {
                    for (Object item : items(scope.get(each.asText()))) {
                        Map<String, Object> inner = new HashMap<>(scope);
                        if (item instanceof Map<?, ?> map) {
                            map.forEach((k, v) -> inner.put(String.valueOf(k), v));
                        }
                        inner.put("item", item);
                        JsonNode value = render(element, inner);
                        if (value != null) {
                            out.add(value);
                        }
                    }
                    continue;
                }
                JsonNode value = render(element, scope);
                if (value != null) {
                    out.add(value);
                }
            }
            return out;
        }
        if (node.isTextual()) {
            return substitute(node.asText(), scope, null);
        }
        return node.deepCopy();
    }

    /**
     * @param key the property the string is the value of ({@code null} inside an array): a number or boolean
     *            becomes a JSON number/boolean only for {@link #TYPED_PROPERTIES}, elsewhere (e.g. {@code text})
     *            it is formatted as text, since LINE wants a string there
     */
    private JsonNode substitute(String text, Map<String, Object> scope, String key) {
        Matcher m = PLACEHOLDER.matcher(text);
        if (m.matches()) {
            Object value = unwrap(scope.get(m.group(1)));
            if (value == null) {
                return TextNode.valueOf(MISSING);
            }
            if (value instanceof CharSequence s) {
                return TextNode.valueOf(s.toString());
            }
            boolean scalar = value instanceof Number || value instanceof Boolean
                    || (value instanceof JsonNode j && j.isValueNode());
            if (scalar && key != null && !TYPED_PROPERTIES.contains(key)) {
                return TextNode.valueOf(asText(value));
            }
            return mapper.valueToTree(value);
        }
        if (!m.find()) {
            return TextNode.valueOf(text);
        }
        m.reset();
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(asText(unwrap(scope.get(m.group(1))))));
        }
        m.appendTail(out);
        return TextNode.valueOf(out.toString());
    }

    private static Object unwrap(Object value) {
        if (value instanceof Optional<?> o) {
            return o.orElse(null);
        }
        if (value instanceof JsonNode j && (j.isNull() || j.isMissingNode())) {
            return null;
        }
        return value;
    }

    private static String asText(Object value) {
        if (value == null) {
            return MISSING;
        }
        if (value instanceof Number n && !(value instanceof Double d && (d.isNaN() || d.isInfinite()))) {
            DecimalFormat format = new DecimalFormat("#,##0.##", DecimalFormatSymbols.getInstance(Locale.US));
            return format.format(n instanceof BigDecimal ? n : n instanceof Long || n instanceof Integer
                    ? n.longValue() : n.doubleValue());
        }
        if (value instanceof JsonNode j) {
            return j.isValueNode() ? j.asText() : j.toString();
        }
        return String.valueOf(value);
    }

    private static boolean holds(String condition, Map<String, Object> scope) {
        boolean negate = condition.startsWith("!");
        String name = negate ? condition.substring(1) : condition;
        return present(unwrap(scope.get(name.trim()))) != negate;
    }

    private static boolean present(Object value) {
        if (value == null) {
            return false;
        }
        if (value instanceof CharSequence s) {
            return !s.toString().isBlank();
        }
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof Collection<?> c) {
            return !c.isEmpty();
        }
        if (value instanceof Map<?, ?> map) {
            return !map.isEmpty();
        }
        if (value instanceof JsonNode j) {
            return !(j.isContainerNode() ? j.isEmpty() : j.isBoolean() ? !j.asBoolean() : j.asText().isBlank());
        }
        if (value.getClass().isArray()) {
            return java.lang.reflect.Array.getLength(value) > 0;
        }
        return true;
    }

    private static Iterable<?> items(Object value) {
        value = unwrap(value);
        if (value == null) {
            return List.of();
        }
        if (value instanceof Iterable<?> it) {
            return it;
        }
        if (value instanceof Object[] array) {
            return List.of(array);
        }
        throw new FlexTemplateException("x-each needs a list, got " + value.getClass().getSimpleName());
    }

    // ------------------------------------------------------------------ limits

    private void enforceLimits(String name, ObjectNode message) {
        String alt = message.path("altText").asText("");
        if (alt.isBlank()) {
            message.put("altText", DEFAULT_ALT_TEXT);
        } else if (alt.length() > MAX_ALT_TEXT) {
            message.put("altText", cut(alt, MAX_ALT_TEXT));
        }
        truncateTexts(message.path("contents"));
        JsonNode contents = message.path("contents");
        String type = contents.path("type").asText();
        int bytes = bytes(contents);
        if (type.equals("bubble") && bytes > MAX_BUBBLE_BYTES) {
            throw new FlexTemplateException("Template '" + name + "' rendered a bubble of " + bytes
                    + " bytes; LINE allows " + MAX_BUBBLE_BYTES);
        }
        if (type.equals("carousel")) {
            int bubbles = contents.path("contents").size();
            if (bubbles > MAX_BUBBLES) {
                throw new FlexTemplateException("Template '" + name + "' rendered a carousel of " + bubbles
                        + " bubbles; LINE allows " + MAX_BUBBLES);
            }
            if (bytes > MAX_CAROUSEL_BYTES) {
                throw new FlexTemplateException("Template '" + name + "' rendered a carousel of " + bytes
                        + " bytes; LINE allows " + MAX_CAROUSEL_BYTES);
            }
        }
    }

    private static void truncateTexts(JsonNode node) {
        if (node.isObject()) {
            String type = node.path("type").asText();
            JsonNode text = node.get("text");
            if ((type.equals("text") || type.equals("span")) && text != null && text.isTextual()
                    && text.asText().length() > MAX_TEXT) {
                ((ObjectNode) node).put("text", cut(text.asText(), MAX_TEXT));
            }
            node.forEach(FlexTemplates::truncateTexts);
        } else if (node.isArray()) {
            node.forEach(FlexTemplates::truncateTexts);
        }
    }

    /** Cuts to at most {@code max} chars including the ellipsis, never splitting a surrogate pair. */
    static String cut(String s, int max) {
        int end = max - ELLIPSIS.length();
        if (Character.isLowSurrogate(s.charAt(end)) && Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end) + ELLIPSIS;
    }

    private int bytes(JsonNode node) {
        try {
            return mapper.writeValueAsBytes(node).length;
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ------------------------------------------------------------------ loading

    private void loadClasspath(Map<String, ObjectNode> into, Map<String, String> from) {
        PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver(getClass().getClassLoader());
        Resource[] resources;
        try {
            resources = resolver.getResources("classpath*:" + CLASSPATH_FOLDER + "/*.json");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list classpath:" + CLASSPATH_FOLDER, e);
        }
        for (Resource r : resources) {
            String file = r.getFilename();
            if (file == null) {
                continue;
            }
            try (InputStream in = r.getInputStream()) {
                String where = "classpath:" + CLASSPATH_FOLDER + "/" + file;
                into.put(stripJson(file), parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), where));
                from.put(stripJson(file), where);
            } catch (IOException e) {
                throw new FlexTemplateException("Cannot read Flex template " + r, e);
            }
        }
    }

    private void loadFolder(Path dir, Map<String, ObjectNode> into, Map<String, String> from) {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(p -> p.getFileName().toString().endsWith(".json"))
                    .filter(Files::isRegularFile).sorted().toList()) {
                String name = stripJson(file.getFileName().toString());
                into.put(name, parse(Files.readString(file, StandardCharsets.UTF_8), file.toString()));
                from.put(name, file.toString());
            }
        } catch (IOException e) {
            throw new FlexTemplateException("Cannot read Flex templates in " + dir, e);
        }
    }

    private ObjectNode parse(String json, String where) {
        JsonNode tree;
        try {
            tree = mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new FlexTemplateException("Flex template " + where + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (!(tree instanceof ObjectNode o) || !"flex".equals(o.path("type").asText())
                || !o.path("contents").isObject()) {
            throw new FlexTemplateException("Flex template " + where
                    + " must be a Flex message object: {\"type\":\"flex\",\"altText\":...,\"contents\":{...}}");
        }
        return o;
    }

    private static String stripJson(String name) {
        return name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
    }
}
