package org.sanphalang.simulator.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.sanphalang.line.LineChannel;
import org.sanphalang.simulator.SimulatorTranscript;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Plays LINE's webhook delivery: builds events the way LINE writes them, signs the body with the channel secret
 * ({@code X-Line-Signature} = Base64(HMAC-SHA256(body, secret))) and posts it over HTTP to the application's own
 * {@code /callback}. The bot cannot tell it from LINE.
 */
@Component
public class WebhookPoster {

    /** The bot's own user id in simulator mode (LINE puts the bot's id in {@code destination}). */
    public static final String BOT_USER_ID = "U5a9f0a1a0b5e4e0d8c1b2a3f4e5d6c7b";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();

    private final LineChannel channel;
    private final SimulatorTranscript transcript;
    private final Environment environment;
    private final Clock clock;
    private final JsonMapper json = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** Message ids: time-based, so ids stay unique across restarts of a simulator whose store persists. */
    private final AtomicLong messageIds = new AtomicLong(System.currentTimeMillis() * 1000);

    WebhookPoster(LineChannel channel, SimulatorTranscript transcript, Environment environment, Clock clock) {
        this.channel = channel;
        this.transcript = transcript;
        this.environment = environment;
        this.clock = clock;
    }

    /** Where something happened: a group (with the person, when there is one) or a 1:1 chat. */
    public record Source(String groupId, String userId) {
        public static Source group(String groupId, String userId) {
            return new Source(groupId, userId);
        }

        public static Source user(String userId) {
            return new Source(null, userId);
        }

        public String chat() {
            return groupId != null ? groupId : userId;
        }
    }

    /** What the webhook answered. */
    public record Delivery(int status, String body) {
        public boolean ok() {
            return status == 200;
        }
    }

    public ObjectNode text(Source source, String text, Instant at) {
        ObjectNode event = event("message", source, at, true);
        ObjectNode message = event.putObject("message");
        message.put("id", Long.toString(messageIds.incrementAndGet()));
        message.put("type", "text");
        message.put("quoteToken", "q" + HexFormat.of().formatHex(randomBytes(12)));
        message.put("text", text);
        return event;
    }

    public ObjectNode postback(Source source, String data, Instant at) {
        ObjectNode event = event("postback", source, at, true);
        event.putObject("postback").put("data", data);
        return event;
    }

    public ObjectNode join(String groupId, Instant at) {
        return event("join", Source.group(groupId, null), at, true);
    }

    public ObjectNode leave(String groupId, Instant at) {
        return event("leave", Source.group(groupId, null), at, false);
    }

    public ObjectNode memberJoined(String groupId, List<String> userIds, Instant at) {
        ObjectNode event = event("memberJoined", Source.group(groupId, null), at, true);
        members(event.putObject("joined"), userIds);
        return event;
    }

    public ObjectNode memberLeft(String groupId, List<String> userIds, Instant at) {
        ObjectNode event = event("memberLeft", Source.group(groupId, null), at, false);
        members(event.putObject("left"), userIds);
        return event;
    }

    public ObjectNode follow(String userId, Instant at) {
        ObjectNode event = event("follow", Source.user(userId), at, true);
        event.putObject("follow").put("isUnblocked", false);
        return event;
    }

    public ObjectNode unfollow(String userId, Instant at) {
        return event("unfollow", Source.user(userId), at, false);
    }

    /** Signs and posts events in one webhook request, as LINE does when several happen together. */
    public Delivery deliver(List<ObjectNode> events) {
        ObjectNode body = json.createObjectNode();
        body.put("destination", BOT_USER_ID);
        ArrayNode array = body.putArray("events");
        events.forEach(array::add);
        byte[] bytes = json.writeValueAsBytes(body);
        HttpRequest request = HttpRequest.newBuilder(URI.create(ownBase() + "callback"))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json; charset=UTF-8")
                .header("X-Line-Signature", sign(channel.secret(), bytes))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Delivery(response.statusCode(), response.body());
        } catch (IOException e) {
            return new Delivery(0, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Delivery(0, "interrupted");
        }
    }

    public Delivery deliver(ObjectNode event) {
        return deliver(List.of(event));
    }

    /** The application's own address, as the web server actually listens (a random port in tests). */
    public String ownBase() {
        String port = environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"));
        return "http://127.0.0.1:" + port + "/";
    }

    /** {@code X-Line-Signature}: Base64(HMAC-SHA256 of the exact body bytes, keyed with the channel secret). */
    public static String sign(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private ObjectNode event(String type, Source source, Instant at, boolean replyable) {
        Instant when = at != null ? at : clock.instant();
        ObjectNode event = json.createObjectNode();
        event.put("type", type);
        event.put("mode", "active");
        event.put("timestamp", when.toEpochMilli());
        event.put("webhookEventId", ulid(clock.instant()));
        event.putObject("deliveryContext").put("isRedelivery", false);
        ObjectNode src = event.putObject("source");
        if (source.groupId() != null) {
            src.put("type", "group");
            src.put("groupId", source.groupId());
            if (source.userId() != null) {
                src.put("userId", source.userId());
            }
        } else {
            src.put("type", "user");
            src.put("userId", source.userId());
        }
        if (replyable) {
            String token = HexFormat.of().formatHex(randomBytes(16));
            transcript.expectReply(token, source.chat());
            event.put("replyToken", token);
        }
        return event;
    }

    private static void members(ObjectNode holder, List<String> userIds) {
        ArrayNode list = holder.putArray("members");
        for (String userId : userIds) {
            list.addObject().put("type", "user").put("userId", userId);
        }
    }

    /** A ULID, as LINE writes webhook event ids: 48-bit time, 80 random bits, Crockford base 32. */
    static String ulid(Instant at) {
        byte[] random = randomBytes(10);
        StringBuilder out = new StringBuilder(26);
        long time = at.toEpochMilli();
        for (int i = 9; i >= 0; i--) {
            out.append(CROCKFORD[(int) ((time >>> (5 * i)) & 31)]);
        }
        java.math.BigInteger r = new java.math.BigInteger(1, random);
        for (int i = 15; i >= 0; i--) {
            out.append(CROCKFORD[r.shiftRight(5 * i).intValue() & 31]);
        }
        return out.toString();
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
