package org.sanphalang.stories.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in of the Graph API on 127.0.0.1: accepts {@code POST /v21.0/{page}/photos} and {@code DELETE /v21.0/{post}},
 * checks what Facebook would (the page, the token, the fields), records every request, and can be told to fail.
 */
public final class FacebookStandIn implements AutoCloseable {

    public static final String PAGE = "1029384756";
    public static final String TOKEN = "EAAG-test-page-token";

    public record Request(String method, String path, Map<String, String> params) {
    }

    private final HttpServer server;
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger posts = new AtomicInteger();
    private volatile int failWith;

    private FacebookStandIn() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public static FacebookStandIn start() {
        try {
            return new FacebookStandIn();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public URI graphBaseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v21.0");
    }

    public List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    public void reset() {
        requests.clear();
        failWith = 0;
    }

    /** The next requests answer with this status and a Graph API error (0: succeed again). */
    public void failWith(int status) {
        failWith = status;
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            Map<String, String> params = new LinkedHashMap<>();
            parse(x.getRequestURI().getRawQuery(), params);
            try (InputStream in = x.getRequestBody()) {
                String contentType = x.getRequestHeaders().getFirst("Content-Type");
                String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                if (contentType != null && contentType.startsWith("application/x-www-form-urlencoded")) {
                    parse(body, params);
                }
            }
            String path = x.getRequestURI().getPath();
            requests.add(new Request(x.getRequestMethod(), path, params));
            if (failWith != 0) {
                answer(x, failWith, "{\"error\":{\"message\":\"(#200) The page is temporarily unavailable\",\"type\":\"OAuthException\",\"code\":200}}");
                return;
            }
            if (!TOKEN.equals(params.get("access_token"))) {
                answer(x, 400, "{\"error\":{\"message\":\"Invalid OAuth access token.\",\"type\":\"OAuthException\",\"code\":190}}");
                return;
            }
            if (x.getRequestMethod().equals("POST") && path.equals("/v21.0/" + PAGE + "/photos")) {
                String url = params.get("url");
                if (url == null || !url.startsWith("https://") || params.get("caption") == null) {
                    answer(x, 400, "{\"error\":{\"message\":\"(#100) url and caption are required\",\"code\":100}}");
                    return;
                }
                int n = posts.incrementAndGet();
                answer(x, 200, "{\"id\":\"" + (5550000 + n) + "\",\"post_id\":\"" + PAGE + "_" + (7770000 + n) + "\"}");
            } else if (x.getRequestMethod().equals("DELETE") && path.startsWith("/v21.0/" + PAGE + "_")) {
                answer(x, 200, "{\"success\":true}");
            } else {
                answer(x, 404, "{\"error\":{\"message\":\"Unknown path components\",\"code\":2500}}");
            }
        }
    }

    private static void parse(String raw, Map<String, String> into) {
        if (raw == null || raw.isEmpty()) {
            return;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            into.put(k, v);
        }
    }

    private static void answer(HttpExchange x, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
        x.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
