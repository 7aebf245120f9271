package org.sanphalang.outbound.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import com.linecorp.bot.client.base.Result;
import com.linecorp.bot.messaging.client.MessagingApiClient;
import com.linecorp.bot.messaging.client.MessagingApiClientException;
import com.linecorp.bot.messaging.model.ErrorDetail;
import com.linecorp.bot.messaging.model.BroadcastRequest;
import com.linecorp.bot.messaging.model.Message;
import com.linecorp.bot.messaging.model.MulticastRequest;
import com.linecorp.bot.messaging.model.PushMessageRequest;
import com.linecorp.bot.messaging.model.ReplyMessageRequest;
import org.sanphalang.outbound.OutboundSettings;
import org.springframework.stereotype.Component;

/** One call to LINE's Messaging API through the official SDK, and what its answer means for the outbox. */
@Component
class LineSender {

    private final MessagingApiClient client;
    private final OutboundSettings settings;
    private final RenderedMessages rendered = new RenderedMessages();

    LineSender(MessagingApiClient client, OutboundSettings settings) {
        this.client = client;
        this.settings = settings;
    }

    enum Kind { ACCEPTED, ALREADY_ACCEPTED, RATE_LIMITED, QUOTA_EXHAUSTED, TRANSIENT, PERMANENT }

    private static final Result ACCEPTED_ANSWER = new Result(Kind.ACCEPTED, 200, "accepted", null);

    record Result(Kind kind, int status, String detail, Duration retryAfter) {
        boolean accepted() {
            return kind == Kind.ACCEPTED;
        }

        boolean invalidReplyToken() {
            return status == 400 && detail != null && detail.toLowerCase().contains("reply token");
        }
    }

    /**
     * The push's answer, once LINE gives it. The caller does not wait for it: a fan-out then keeps as many calls in
     * flight as LINE's rate needs over its round trip, instead of one per sender thread (bench/RESULTS.md, session 29).
     */
    CompletableFuture<Result> push(String retryKey, String to, List<Message> messages) {
        return answer(client.pushMessage(UUID.fromString(retryKey), new PushMessageRequest(to, rendered.of(messages), false, null)));
    }

    /** @param to 1 to 500 user ids (LINE's multicast cannot address groups or rooms) */
    CompletableFuture<Result> multicast(String retryKey, List<String> to, List<Message> messages) {
        return answer(client.multicast(UUID.fromString(retryKey), new MulticastRequest(rendered.of(messages), to, false, null)));
    }

    CompletableFuture<Result> broadcast(String retryKey, List<Message> messages) {
        return answer(client.broadcast(UUID.fromString(retryKey), new BroadcastRequest(messages, false)));
    }

    /**
     * The reply's answer, once LINE gives it. The outbox records the reply as tried before it makes it (a reply cannot
     * carry a retry key), and does not wait for the answer either.
     */
    CompletableFuture<Result> reply(String replyToken, List<Message> messages) {
        return answer(client.replyMessage(new ReplyMessageRequest(replyToken, messages, false)));
    }

    /**
     * What the call's outcome means, given when LINE answers or when the call timeout has passed, whichever is first;
     * a call that timed out is cancelled. Never completes exceptionally. What follows an answer runs on the HTTP
     * client's thread that read it, or, for a timeout, on the JDK's timer thread (rare, and a single write).
     */
    private CompletableFuture<Result> answer(CompletableFuture<? extends com.linecorp.bot.client.base.Result<?>> call) {
        Result timedOut = new Result(Kind.TRANSIENT, 0, "timed out after " + settings.callTimeout(), null);
        CompletableFuture<Result> answer = call
                .handle((accepted, failure) -> failure == null ? ACCEPTED_ANSWER : classify(unwrapped(failure)))
                .completeOnTimeout(timedOut, settings.callTimeout().toMillis(), TimeUnit.MILLISECONDS);
        answer.thenAccept(result -> {
            if (result == timedOut) {
                call.cancel(true);
            }
        });
        return answer;
    }

    private static Throwable unwrapped(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    static Result classify(Throwable failure) {
        if (failure instanceof MessagingApiClientException line) {
            int status = line.getCode();
            String detail = status + " " + (line.getError() != null ? line.getError() : line.getMessage())
                    + details(line.getDetails());
            if (status == 409) {
                return new Result(Kind.ALREADY_ACCEPTED, status, detail, null);
            }
            if (status == 429) {
                // LINE uses 429 both for "slow down" and for "this month's free messages are used up".
                boolean quota = detail.toLowerCase().contains("monthly limit");
                return new Result(quota ? Kind.QUOTA_EXHAUSTED : Kind.RATE_LIMITED, status, detail,
                        quota ? null : retryAfter(line.getHeader("Retry-After")));
            }
            if (status >= 500) {
                return new Result(Kind.TRANSIENT, status, detail, null);
            }
            return new Result(Kind.PERMANENT, status, detail, null);
        }
        if (failure instanceof IOException) {
            return new Result(Kind.TRANSIENT, 0, failure.toString(), null);
        }
        return new Result(Kind.TRANSIENT, 0, String.valueOf(failure), null);
    }

    /** LINE's details name what was wrong (e.g. {@code messages[0].text: Length must be …}); keep them for the dead-letter. */
    private static String details(List<ErrorDetail> details) {
        if (details == null || details.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder(" (");
        for (int i = 0; i < details.size(); i++) {
            ErrorDetail d = details.get(i);
            b.append(i == 0 ? "" : "; ").append(d.property() == null || d.property().isBlank() ? "" : d.property() + ": ")
                    .append(d.message());
        }
        return b.append(')').toString();
    }

    private static Duration retryAfter(String header) {
        if (header == null) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(header.trim())));
        } catch (NumberFormatException notSeconds) {
            return null;
        }
    }
}
