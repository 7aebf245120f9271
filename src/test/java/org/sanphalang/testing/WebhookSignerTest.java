package org.sanphalang.testing;

import java.nio.charset.StandardCharsets;

import com.linecorp.bot.parser.LineSignatureValidator;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookSignerTest {

    @Test
    void aSignatureIsAcceptedByTheSdksValidator() {
        byte[] body = "{\"destination\":\"U1\",\"events\":[{\"type\":\"message\",\"message\":{\"text\":\"ผลิต 250 ห่อ\"}}]}"
                .getBytes(StandardCharsets.UTF_8);

        String signature = WebhookSigner.sign("test-channel-secret", body);

        assertThat(new LineSignatureValidator("test-channel-secret".getBytes(StandardCharsets.UTF_8))
                .validateSignature(body, signature)).isTrue();
        assertThat(new LineSignatureValidator("other-secret".getBytes(StandardCharsets.UTF_8))
                .validateSignature(body, signature)).isFalse();
    }

    @Test
    void aKnownVectorMatches() {
        // HMAC-SHA256("key", "The quick brown fox jumps over the lazy dog"), Base64
        assertThat(WebhookSigner.sign("key", "The quick brown fox jumps over the lazy dog"))
                .isEqualTo("97yD9DBThCSxMpjmqm+xQ+9NWaFJRhdZl0edvC0aPNg=");
    }
}
