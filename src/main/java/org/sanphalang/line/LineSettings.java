package org.sanphalang.line;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The LINE channel.
 *
 * @param channelSecret   verifies {@code X-Line-Signature} ({@code LINE_CHANNEL_SECRET})
 * @param channelToken    channel access token ({@code LINE_CHANNEL_TOKEN})
 * @param apiBaseUrl      Messaging API base ({@code LINE_API_BASE_URL}); unset: LINE, or the simulator
 * @param dataApiBaseUrl  content API base ({@code LINE_DATA_API_BASE_URL}); unset: LINE, or the simulator
 * @param simulator       force simulator mode even when credentials are set
 * @param connectTimeout  connect timeout of calls to LINE
 * @param readTimeout     read timeout of calls to LINE
 * @param maxConcurrentRequests calls to one LINE host in flight at once. The SDK's HTTP client allows 5 by default,
 *                        which held the outbox to ~110 pushes a second whatever its number of senders
 *                        (bench/RESULTS.md); the outbox's {@code calls-in-flight} (128) and LINE's rate limits are what
 *                        should bound it
 */
@ConfigurationProperties("sanphalang.line")
public record LineSettings(
        String channelSecret,
        String channelToken,
        URI apiBaseUrl,
        URI dataApiBaseUrl,
        @DefaultValue("false") boolean simulator,
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("10s") Duration readTimeout,
        @DefaultValue("128") int maxConcurrentRequests) {

    static final URI LINE_API = URI.create("https://api.line.me");
    static final URI LINE_DATA_API = URI.create("https://api-data.line.me");

    /** Simulator mode: forced, or no credentials to talk to LINE with. */
    public boolean simulatorMode() {
        return simulator || isBlank(channelSecret) || isBlank(channelToken);
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
