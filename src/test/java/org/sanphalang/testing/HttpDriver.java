package org.sanphalang.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Plain HTTP against the running application, with raw bytes as LINE would send them. */
public final class HttpDriver {

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    public HttpDriver(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    public HttpResponse<String> postCallback(byte[] body, String signature) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/callback"))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (signature != null) {
            request.header("X-Line-Signature", signature);
        }
        return send(request.build());
    }

    public HttpResponse<String> postSignedCallback(String channelSecret, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return postCallback(bytes, WebhookSigner.sign(channelSecret, bytes));
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20)).GET().build());
    }

    public HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String base() {
        return base;
    }
}
