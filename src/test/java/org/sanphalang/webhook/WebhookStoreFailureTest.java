package org.sanphalang.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;

import com.linecorp.bot.parser.LineSignatureValidator;
import com.linecorp.bot.parser.SignatureValidator;
import com.linecorp.bot.parser.WebhookParser;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.sanphalang.testing.SharedFiles;
import org.sanphalang.testing.WebhookSigner;
import org.sanphalang.webhook.internal.Inbox;
import org.sanphalang.webhook.internal.InboxWorker;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/**
 * The store is down when LINE delivers: the webhook must not acknowledge what it could not keep, so LINE
 * redelivers later, and the answer is a short JSON error, never a stack trace. (Only the controller is loaded, without
 * filters; the security chain in front of {@code /callback} is covered by the end-to-end tests.)
 */
@WebMvcTest(useDefaultFilters = false,
        includeFilters = @ComponentScan.Filter(type = FilterType.ASSIGNABLE_TYPE, classes = WebhookController.class))
@AutoConfigureMockMvc(addFilters = false)
class WebhookStoreFailureTest {

    static final String SECRET = "slice-test-secret";

    @TestConfiguration
    @EnableConfigurationProperties(WebhookSettings.class)
    static class Line {
        @Bean
        SignatureValidator webhookSignatureValidator() {
            return new LineSignatureValidator(SECRET.getBytes(StandardCharsets.UTF_8));
        }

        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }

    @Autowired
    MockMvc mvc;

    @Autowired
    MeterRegistry meters;

    @MockitoBean
    Inbox inbox;

    @MockitoBean
    InboxWorker worker;

    @Test
    void eventsTheStoreRefusesAreNotAcknowledgedSoLineRedeliversThem() throws Exception {
        when(inbox.accept(any())).thenThrow(new DataAccessResourceFailureException("Timed out while waiting for a server"));
        byte[] body = java.nio.file.Files.readAllBytes(SharedFiles.resolve("line-fixtures/webhook/text-group.json"));

        MvcResult result = mvc.perform(post("/callback").contentType("application/json")
                        .header(WebhookParser.SIGNATURE_HEADER_NAME, WebhookSigner.sign(SECRET, body)).content(body))
                .andExpect(status().isServiceUnavailable())
                .andExpect(jsonPath("$.error").value("store_unavailable"))
                .andReturn();

        assertThat(result.getResponse().getContentAsString()).doesNotContain("Exception", "Timed out", "\tat ");
        verify(worker, never()).accepted(any());
        assertThat(meters.counter("sanphalang.webhook.refused", "reason", "store_unavailable").count()).isEqualTo(1);
    }

    @Test
    void aStoredRequestIsAcknowledgedAndItsEventsAnnouncedToTheWorkers() throws Exception {
        when(inbox.accept(any())).thenReturn(java.util.List.of("key-1"));
        byte[] body = java.nio.file.Files.readAllBytes(SharedFiles.resolve("line-fixtures/webhook/text-group.json"));

        mvc.perform(post("/callback").contentType("application/json")
                        .header(WebhookParser.SIGNATURE_HEADER_NAME, WebhookSigner.sign(SECRET, body)).content(body))
                .andExpect(status().isOk());

        verify(worker).accepted(java.util.List.of("key-1"));
    }
}
