package org.sanphalang.outbound.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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

    record Result(Kind kind, int status, String detail, Duration retryAfter) {
        boolean accepted() {
            return kind == Kind.ACCEPTED;
        }

        boolean invalidReplyToken() {
            return status == 400 && detail != null && detail.toLowerCase().contains("reply token");
        }
    }

    Result push(String retryKey, String to, List<Message> messages) {
        return call(client.pushMessage(UUID.fromString(retryKey), new PushMessageRequest(to, rendered.of(messages), false, null)));
    }

    /** @param to 1 to 500 user ids (LINE's multicast cannot address groups or rooms) */
    Result multicast(String retryKey, List<String> to, List<Message> messages) {
        return call(client.multicast(UUID.fromString(retryKey), new MulticastRequest(rendered.of(messages), to, false, null)));
    }

    Result broadcast(String retryKey, List<Message> messages) {
        return call(client.broadcast(UUID.fromString(retryKey), new BroadcastRequest(messages, false)));
    }

    Result reply(String replyToken, List<Message> messages) {
        return call(client.replyMessage(new ReplyMessageRequest(replyToken, messages, false)));
    }

    private Result call(CompletableFuture<? extends com.linecorp.bot.client.base.Result<?>> call) {
        try {
            call.get(settings.callTimeout().toMillis(), TimeUnit.MILLISECONDS);
            return new Result(Kind.ACCEPTED, 200, "accepted", null);
        } catch (TimeoutException e) {
            call.cancel(true);
            return new Result(Kind.TRANSIENT, 0, "timed out after " + settings.callTimeout(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(Kind.TRANSIENT, 0, "interrupted", null);
        } catch (ExecutionException e) {
            return classify(e.getCause());
        }
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
