package org.sanphalang.line;

import com.linecorp.bot.messaging.client.MessagingApiBlobClient;
import com.linecorp.bot.messaging.client.MessagingApiClient;
import com.linecorp.bot.parser.LineSignatureValidator;
import com.linecorp.bot.parser.WebhookParser;
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

    @Bean
    WebhookParser webhookParser(LineChannel channel) {
        return new WebhookParser(new LineSignatureValidator(channel.secret().getBytes(StandardCharsets.UTF_8)));
    }
}
