package org.sanphalang.line;

import com.linecorp.bot.messaging.client.MessagingApiBlobClient;
import com.linecorp.bot.messaging.client.MessagingApiClient;
import com.linecorp.bot.parser.LineSignatureValidator;
import com.linecorp.bot.parser.SignatureValidator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.nio.charset.StandardCharsets;

/** LINE's official SDK clients, built on the resolved channel. */
@Configuration(proxyBeanMethods = false)
class LineClientConfiguration {

    @Bean
    MessagingApiClient messagingApiClient(LineChannel channel, LineSettings settings) {
        return MessagingApiClient.builder(channel.token())
                .apiEndPoint(channel.apiBaseUrl())
                .connectTimeout(settings.connectTimeout())
                .readTimeout(settings.readTimeout())
                .maxRequestsPerHost(settings.maxConcurrentRequests())
                .maxRequests(settings.maxConcurrentRequests())
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
