package org.sanphalang.webhook;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A button's postback data, written as a query string ("action=checkin-cancel&checkin=m325708"): every feature
 * writes its buttons this way and reads them back through {@link ChatMessage#postback()}.
 */
public record Postback(Map<String, String> params) {

    public static Postback parse(String data) {
        Map<String, String> params = new LinkedHashMap<>();
        if (data != null) {
            for (String pair : data.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    params.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
                }
            }
        }
        return new Postback(params);
    }

    static final Postback NONE = new Postback(Map.of());

    public String action() {
        return params.getOrDefault("action", "");
    }

    public String get(String name) {
        return params.get(name);
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException badEscape) {
            return s;
        }
    }
}
