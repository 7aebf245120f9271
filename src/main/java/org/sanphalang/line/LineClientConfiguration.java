package org.sanphalang.line;

import com.linecorp.bot.client.base.PooledClientBuilder;
import com.linecorp.bot.messaging.client.MessagingApiBlobClient;
import com.linecorp.bot.messaging.client.MessagingApiClient;
import com.linecorp.bot.messaging.client.MessagingApiExceptionBuilder;
import com.linecorp.bot.parser.LineSignatureValidator;
import com.linecorp.bot.parser.SignatureValidator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.nio.charset.StandardCharsets;

/**
 * LINE's official SDK clients, built on the resolved channel.
 * <p>
 * Without the SDK's own wire logger: it is OkHttp's logging interceptor at BODY level, which formats every request
 * and answer — the {@code Authorization} header with the channel token in it, and each message's text — before the
 * logging framework decides to drop it. That was 3 % of the bot's CPU in a 10,000-group broadcast (bench/RESULTS.md,
 * session 25) for lines that were never written, and raising that logger's level would have written the token.
 * The outbox logs what an answer meant instead. The Messaging API's client also keeps an idle connection for each call
 * that may be in flight ({@link PooledClientBuilder}).
 */
@Configuration(proxyBeanMethods = false)
class LineClientConfiguration {

    @Bean
    MessagingApiClient messagingApiClient(LineChannel channel, LineSettings settings) {
        return new PooledClientBuilder<>(channel.apiBaseUrl(), MessagingApiClient.class, new MessagingApiExceptionBuilder(),
                channel.token(), settings.maxConcurrentRequests())
                .connectTimeout(settings.connectTimeout())
                .readTimeout(settings.readTimeout())
                .maxRequestsPerHost(settings.maxConcurrentRequests())
                .maxRequests(settings.maxConcurrentRequests())
                .usingDefaultLogger(false)
                .build();
    }

    @Bean
    MessagingApiBlobClient messagingApiBlobClient(LineChannel channel, LineSettings settings) {
        return MessagingApiBlobClient.builder(channel.token())
                .apiEndPoint(channel.dataApiBaseUrl())
                .connectTimeout(settings.connectTimeout())
                .readTimeout(settings.readTimeout())
                .maxRequestsPerHost(settings.maxConcurrentRequests())
                .maxRequests(settings.maxConcurrentRequests())
                .usingDefaultLogger(false)
                .build();
    }

    /**
     * The SDK's check of {@code X-Line-Signature} (the one its {@code WebhookParser} runs), without the parse into model
     * objects that {@code WebhookParser.handle} does with it: the webhook reads each event once, where it is handled.
     */
    @Bean
    SignatureValidator webhookSignatureValidator(LineChannel channel) {
        return new LineSignatureValidator(channel.secret().getBytes(StandardCharsets.UTF_8));
    }
}
