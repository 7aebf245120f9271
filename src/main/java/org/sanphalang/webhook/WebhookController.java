package org.sanphalang.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.bot.jackson.ModelObjectMapper;
import com.linecorp.bot.parser.SignatureValidator;
import com.linecorp.bot.parser.WebhookParser;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.sanphalang.webhook.internal.Inbox;
import org.sanphalang.webhook.internal.InboxWorker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /callback}: verify (the signature, with the SDK's validator, then the body's shape), store, acknowledge —
 * in that order. LINE counts an answer slower than 2 s as an error and redelivers, so nothing here waits for the
 * events to be handled; but nothing is acknowledged before it is durably stored either (the SDK's own handler answers
 * 200 even when handling fails).
 */
@RestController
class WebhookController {

    private static final Logger log = LoggerFactory.getLogger(WebhookController.class);
    /** The 200's body, written as bytes: serialising an empty map per request was measurable at a thousand a second. */
    private static final byte[] ACKNOWLEDGED = "{}".getBytes(StandardCharsets.US_ASCII);

    private final SignatureValidator validator;
    private final Inbox inbox;
    private final InboxWorker worker;
    private final WebhookSettings settings;
    private final MeterRegistry meters;
    private final ObjectMapper lineJson = ModelObjectMapper.createNewObjectMapper();

    WebhookController(SignatureValidator validator, Inbox inbox, InboxWorker worker, WebhookSettings settings, MeterRegistry meters) {
        this.validator = validator;
        this.inbox = inbox;
        this.worker = worker;
        this.settings = settings;
        this.meters = meters;
    }

    /**
     * Reads the header and writes the answer itself rather than through {@code @RequestHeader} and a
     * {@code ResponseEntity}: resolving those and choosing a message converter for a two-byte answer were a tenth of the
     * request thread's time at saturation (bench/RESULTS.md, session 13).
     */
    @PostMapping("/callback")
    void callback(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String signature = request.getHeader(WebhookParser.SIGNATURE_HEADER_NAME);
        long max = settings.maxBodySize().toBytes();
        byte[] body = readAtMost(request, max);
        if (body == null) {
            refuse(response, HttpStatus.CONTENT_TOO_LARGE, "body_too_large", "The body is larger than " + max + " bytes");
            return;
        }
        if (signature == null || signature.isBlank()) {
            refuse(response, HttpStatus.BAD_REQUEST, "missing_signature", "The X-Line-Signature header is required");
            return;
        }
        if (!signedByLine(body, signature)) {
            refuse(response, HttpStatus.UNAUTHORIZED, "invalid_signature", "The signature does not match the body");
            return;
        }
        List<Inbox.Arrival> arrivals = arrivals(body);
        if (arrivals == null) {
            refuse(response, HttpStatus.BAD_REQUEST, "malformed_body", "The body is not a LINE webhook request");
            return;
        }
        if (!arrivals.isEmpty()) {
            List<String> stored;
            try {
                stored = inbox.accept(arrivals);
            } catch (RuntimeException storeFailed) {
                // Not acknowledged, so LINE redelivers the events later (when redelivery is on): nothing is lost.
                log.error("Could not store {} webhook event(s): {}", arrivals.size(), storeFailed.toString());
                refuse(response, HttpStatus.SERVICE_UNAVAILABLE, "store_unavailable", "The events could not be stored; try again later");
                return;
            }
            worker.accepted(stored);
        }
        write(response, HttpStatus.OK, ACKNOWLEDGED);
    }

    private boolean signedByLine(byte[] body, String signature) {
        try {
            return validator.validateSignature(body, signature);
        } catch (IllegalArgumentException notBase64) {
            return false; // a wrong signature, not a malformed body
        }
    }

    /**
     * Each event's JSON exactly as LINE signed it (a slice of the body), with the fields the inbox files it by; null when
     * the body is not a webhook request: not one JSON object, no {@code events} array (or two), an event that is not
     * an object, a destination that is not a string, anything after the object. One pass over the tokens, building no
     * objects: the SDK's parse into its model (what {@code WebhookParser.handle} does after the signature) happens once
     * per event, in the worker that hands it on. Done here as well, it was a fifth of the request thread's time at
     * saturation, and its result was thrown away (bench/RESULTS.md, session 15). An event LINE signed that the SDK
     * cannot read is kept and parked.
     */
    private List<Inbox.Arrival> arrivals(byte[] body) {
        List<Inbox.Arrival> events = null;
        String destination = null;
        try (JsonParser json = lineJson.createParser(body)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String field = json.currentName();
                JsonToken value = json.nextToken();
                if ("events".equals(field)) {
                    if (value != JsonToken.START_ARRAY || events != null) {
                        return null; // not an array, or twice: which one LINE meant is not for this pass to guess
                    }
                    events = new ArrayList<>();
                    while (json.nextToken() == JsonToken.START_OBJECT) {
                        events.add(arrival(json, body));
                    }
                    if (json.currentToken() != JsonToken.END_ARRAY) {
                        return null; // an element that is not an object
                    }
                } else if ("destination".equals(field)) {
                    if (value != JsonToken.VALUE_STRING && value != JsonToken.VALUE_NULL) {
                        return null;
                    }
                    destination = json.getValueAsString();
                } else {
                    json.skipChildren();
                }
            }
            if (events == null || json.nextToken() != null) {
                return null; // no events at all, or more after the object
            }
        } catch (IOException e) {
            return null;
        }
        if (destination == null) {
            return events;
        }
        List<Inbox.Arrival> arrivals = new ArrayList<>(events.size());
        for (Inbox.Arrival event : events) {
            arrivals.add(new Inbox.Arrival(event.payload(), destination, event.webhookEventId(), event.type(), event.redelivery()));
        }
        return arrivals;
    }

    /** The event object the parser is at (its start token), read through its end; its destination is filled in later. */
    private static Inbox.Arrival arrival(JsonParser json, byte[] body) throws IOException {
        int start = (int) json.currentTokenLocation().getByteOffset();
        String type = null;
        String id = null;
        boolean redelivery = false;
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String field = json.currentName();
            JsonToken value = json.nextToken();
            if ("type".equals(field) && value == JsonToken.VALUE_STRING) {
                type = json.getText();
            } else if ("webhookEventId".equals(field) && value == JsonToken.VALUE_STRING) {
                id = json.getText();
            } else if ("deliveryContext".equals(field) && value == JsonToken.START_OBJECT) {
                while (json.nextToken() == JsonToken.FIELD_NAME) {
                    String inner = json.currentName();
                    json.nextToken();
                    if ("isRedelivery".equals(inner)) {
                        redelivery = json.currentToken() == JsonToken.VALUE_TRUE;
                    }
                    json.skipChildren();
                }
            } else {
                json.skipChildren();
            }
        }
        int end = (int) json.currentLocation().getByteOffset();
        return new Inbox.Arrival(new String(body, start, end - start, StandardCharsets.UTF_8), null, id, type, redelivery);
    }

    /**
     * The body, or null when it is longer than {@code max}: declared so (nothing is read), or found so while reading a
     * body of no declared length. With a Content-Length (LINE sends one) it is read into an array of exactly that size:
     * reading up to the limit went through 8 KB buffers, a fifth of the bytes a request allocated.
     */
    private static byte[] readAtMost(HttpServletRequest request, long max) throws IOException {
        long declared = request.getContentLengthLong();
        if (declared > max) {
            return null;
        }
        InputStream in = request.getInputStream();
        if (declared < 0) {
            byte[] body = in.readNBytes((int) Math.min(max + 1, Integer.MAX_VALUE - 8));
            return body.length > max ? null : body;
        }
        byte[] body = new byte[(int) declared];
        int read = in.readNBytes(body, 0, body.length);
        return read == body.length ? body : Arrays.copyOf(body, read); // cut short: the parse refuses what is missing
    }

    private void refuse(HttpServletResponse response, HttpStatus status, String error, String message) throws IOException {
        meters.counter("sanphalang.webhook.refused", "reason", error).increment();
        log.warn("Webhook refused with {}: {}", status.value(), error);
        write(response, status, lineJson.writeValueAsBytes(Map.of("error", error, "message", message)));
    }

    private static void write(HttpServletResponse response, HttpStatus status, byte[] json) throws IOException {
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setContentLength(json.length);
        response.getOutputStream().write(json);
    }
}
