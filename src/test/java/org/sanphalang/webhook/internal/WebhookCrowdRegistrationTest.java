package org.sanphalang.webhook.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.sanphalang.store.Foreground;
import org.sanphalang.testing.HttpDriver;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The crowd counts LINE's webhook requests while they are answered, and nothing else. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "sanphalang.webhook.processing=false") // WebhookAcceptanceTest's context, reused
class WebhookCrowdRegistrationTest {

    @LocalServerPort
    int port;

    @Autowired
    WebhookCrowd crowd;

    @Autowired
    Foreground foreground;

    @Test
    void countsAWebhookRequestFromItsFirstByteToItsAnswer() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = startWebhookRequest(socket);

            await().atMost(Duration.ofSeconds(5)).until(() -> crowd.size() == 1); // reading the rest of the body
            assertThat(new HttpDriver(port).get("/actuator/health").statusCode()).isEqualTo(200);
            assertThat(crowd.size()).isEqualTo(1);

            out.write("ation\":\"U1\",\"events\":[]}        ".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(answer).startsWith("HTTP/1.1 401");
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> crowd.size() == 0);
    }

    @Test
    void theStoresHousekeepingWaitsWhileEvenOneWebhookRequestIsAnsweredAllTheTime() throws Exception {
        assertThat(foreground.busy()).isFalse();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            startWebhookRequest(socket);

            await().atMost(Duration.ofSeconds(5)).until(foreground::busy);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> !foreground.busy());
    }

    /** Sends a webhook request's head and the start of its body, and leaves it being answered: the rest is not sent. */
    private static OutputStream startWebhookRequest(Socket socket) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(("POST /callback HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "X-Line-Signature: c2lnbmVkIGJ5IG5vYm9keQ==\r\nContent-Length: 40\r\nConnection: close\r\n\r\n{\"destin")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return out;
    }
}
