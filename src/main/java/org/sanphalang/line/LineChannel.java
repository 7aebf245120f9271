package org.sanphalang.line;

import java.net.URI;
import java.security.SecureRandom;
import java.util.HexFormat;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The channel the bot speaks for, resolved once at start: real credentials, or simulator mode with a
 * generated secret (never logged) and the application's own stand-in Messaging API.
 */
@Component
public class LineChannel {

    private static final Logger log = LoggerFactory.getLogger(LineChannel.class);

    /**
     * Where the simulator's stand-in Messaging API is served. The SDK's paths are absolute ({@code /v2/bot/...}),
     * so a base URL's own path is dropped: the stand-in has to live at the application's root.
     */
    public static final String SIMULATOR_API_PATH = "/v2/bot";

    private final boolean simulator;
    private final String secret;
    private final String token;
    private final URI apiBaseUrl;
    private final URI dataApiBaseUrl;

    LineChannel(LineSettings settings, @Value("${server.port:8080}") int serverPort) {
        this.simulator = settings.simulatorMode();
        if (simulator) {
            // A secret given without a token is kept, so webhooks can be signed by hand (curl) in simulator mode.
            this.secret = settings.channelSecret() != null && !settings.channelSecret().isBlank()
                    ? settings.channelSecret()
                    : randomHex(16);
            this.token = "simulator-" + randomHex(8);
            URI own = URI.create("http://127.0.0.1:" + serverPort + "/");
            this.apiBaseUrl = present(settings.apiBaseUrl()) ? settings.apiBaseUrl() : own;
            this.dataApiBaseUrl = present(settings.dataApiBaseUrl()) ? settings.dataApiBaseUrl() : own;
            log.info("No LINE credentials set: simulator mode. Messaging API at {}", apiBaseUrl);
        } else {
            this.secret = settings.channelSecret();
            this.token = settings.channelToken();
            this.apiBaseUrl = present(settings.apiBaseUrl()) ? settings.apiBaseUrl() : LineSettings.LINE_API;
            this.dataApiBaseUrl = present(settings.dataApiBaseUrl()) ? settings.dataApiBaseUrl() : LineSettings.LINE_DATA_API;
        }
    }

    /** An environment variable set to nothing binds as an empty URI: treat it as unset. */
    private static boolean present(URI uri) {
        return uri != null && !uri.toString().isBlank();
    }

    private static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    public boolean simulator() {
        return simulator;
    }

    /** The channel secret; in simulator mode the simulator signs its webhooks with it. */
    public String secret() {
        return secret;
    }

    String token() {
        return token;
    }

    public URI apiBaseUrl() {
        return withSlash(apiBaseUrl);
    }

    public URI dataApiBaseUrl() {
        return withSlash(dataApiBaseUrl);
    }

    /** The SDK (Retrofit) takes a base URL only with a trailing slash; settings are forgiven for leaving it out. */
    private static URI withSlash(URI uri) {
        String s = uri.toString();
        return s.endsWith("/") ? uri : URI.create(s + "/");
    }
}
