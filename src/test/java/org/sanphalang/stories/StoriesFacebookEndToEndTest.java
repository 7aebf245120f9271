package org.sanphalang.stories;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.ZoneId;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sanphalang.checkin.Period;
import org.sanphalang.stories.internal.FacebookStandIn;
import org.sanphalang.testing.EndToEndTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Publishing to the Facebook Page (a local Graph API stand-in) and LINE, with a public https address set. */
class StoriesFacebookEndToEndTest extends EndToEndTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final FacebookStandIn GRAPH = FacebookStandIn.start();
    static final String BASE = "https://sanphalang.example.org";

    @DynamicPropertySource
    static void facebook(DynamicPropertyRegistry registry) {
        registry.add("sanphalang.facebook.page-id", () -> FacebookStandIn.PAGE);
        registry.add("sanphalang.facebook.page-token", () -> FacebookStandIn.TOKEN);
        registry.add("sanphalang.facebook.graph-base-url", () -> GRAPH.graphBaseUrl().toString());
        registry.add("sanphalang.public-base-url", () -> BASE);
    }

    @BeforeEach
    void resetGraph() {
        GRAPH.reset();
    }

    @AfterAll
    static void stop() {
        GRAPH.close();
    }

    JsonNode json(HttpResponse<String> response, int status) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return JSON.readTree(response.body());
    }

    String draftFor(String group) throws Exception {
        String week = Period.weekOf(Instant.now(), ZoneId.of("Asia/Bangkok")).key();
        deliver(postback(group, id("U"), "action=report&p=-&w=revenue&q=3750"));
        awaitOutboxDrained();
        LINE.reset();
        JsonNode story = json(asAdmin("POST", "/api/v1/stories",
                "{\"period\":\"%s\",\"scope\":{\"lineGroupId\":\"%s\"}}".formatted(week, group)), 201);
        assertThat(story.path("imageUrl").asText()).isEqualTo(BASE + "/stories/" + story.path("id").asText() + "/chart.png");
        return story.path("id").asText();
    }

    @Test
    void publishesOncePerChannelToFacebookAndLineAndRetractingDeletesTheFacebookPost() throws Exception {
        String group = registeredGroup("กลุ่มข้าวแต๋น", "[\"ข้าวแต๋น\"]", "แม่พริก");
        String id = draftFor(group);
        String headline = json(asAdmin("GET", "/api/v1/stories/" + id, null), 200).path("headline").asText();

        JsonNode first = json(asAdmin("POST", "/api/v1/stories/" + id + "/publish", "{\"channels\":[\"line-groups\",\"facebook\"]}"), 200);
        JsonNode again = json(asAdmin("POST", "/api/v1/stories/" + id + "/publish", "{\"channels\":[\"facebook\",\"line-groups\"]}"), 200);
        awaitOutboxDrained();

        assertThat(first.path("channels").findValuesAsText("status")).containsExactly("queued", "posted");
        assertThat(again.path("channels").findValuesAsText("status")).containsExactly("already-published", "already-published");
        assertThat(GRAPH.requests()).singleElement().satisfies(r -> {
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.path()).isEqualTo("/v21.0/" + FacebookStandIn.PAGE + "/photos");
            assertThat(r.params()).containsEntry("access_token", FacebookStandIn.TOKEN)
                    .containsEntry("url", BASE + "/stories/" + id + "/chart.png");
            assertThat(r.params().get("caption")).startsWith(headline).endsWith(BASE + "/stories/" + id);
        });
        var push = LINE.requests("POST", "/v2/bot/message/push");
        assertThat(push).singleElement().satisfies(p -> {
            assertThat(p.json().path("to").asText()).isEqualTo(group);
            JsonNode bubble = p.json().path("messages").get(0).path("contents");
            assertThat(bubble.path("hero").path("url").asText()).isEqualTo(BASE + "/stories/" + id + "/chart.png");
            assertThat(bubble.path("footer").findValuesAsText("uri")).containsExactly(BASE + "/stories/" + id);
        });
        LINE.assertNoViolations();
        assertThat(http.get("/stories/" + id).body()).contains("content=\"" + BASE + "/stories/" + id + "/chart.png\"");

        JsonNode retracted = json(asAdmin("POST", "/api/v1/stories/" + id + "/retract", null), 200);

        assertThat(GRAPH.requests()).hasSize(2);
        assertThat(GRAPH.requests().get(1).method()).isEqualTo("DELETE");
        assertThat(GRAPH.requests().get(1).path()).startsWith("/v21.0/" + FacebookStandIn.PAGE + "_");
        assertThat(GRAPH.requests().get(1).params()).containsEntry("access_token", FacebookStandIn.TOKEN);
        assertThat(retracted.path("publications").toString()).contains("\"retraction\":\"deleted\"").contains("not retractable on LINE");
        assertThat(http.get("/stories/" + id).statusCode()).isEqualTo(404);
    }

    @Test
    void aFacebookFailureIsReportedAndRecordedAndCanBeRetried() throws Exception {
        String id = draftFor(registeredGroup("กลุ่มกล้วยตาก", "[\"กล้วยตาก\"]", "แม่พริก"));
        GRAPH.failWith(500);

        JsonNode failed = json(asAdmin("POST", "/api/v1/stories/" + id + "/publish", "{\"channels\":[\"facebook\"]}"), 502);
        assertThat(failed.path("channels").get(0).path("status").asText()).isEqualTo("failed");
        assertThat(failed.path("channels").get(0).path("message").asText()).contains("500").doesNotContain(FacebookStandIn.TOKEN);

        GRAPH.failWith(0);
        JsonNode retried = json(asAdmin("POST", "/api/v1/stories/" + id + "/publish", "{\"channels\":[\"facebook\"]}"), 200);
        assertThat(retried.path("channels").get(0).path("status").asText()).isEqualTo("posted");
        assertThat(json(asAdmin("GET", "/api/v1/stories/" + id, null), 200).path("publications").findValuesAsText("status"))
                .containsExactly("failed", "posted");
    }
}
