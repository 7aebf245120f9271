package org.sanphalang.testing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Signs a webhook body the way LINE does, for the {@code X-Line-Signature} header: Base64(HMAC-SHA256(secret, body)). */
public final class WebhookSigner {

    private WebhookSigner() {
    }

    /** The {@code X-Line-Signature} value for {@code body} under {@code channelSecret}. */
    public static String sign(String channelSecret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(channelSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** Convenience: signs the UTF-8 bytes of {@code body}. */
    public static String sign(String channelSecret, String body) {
        return sign(channelSecret, body.getBytes(StandardCharsets.UTF_8));
    }
}
