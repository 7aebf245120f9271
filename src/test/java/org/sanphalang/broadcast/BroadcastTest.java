package org.sanphalang.broadcast;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.sanphalang.testing.EndToEndTest;

/** Officers announce to a segment of groups — from the API or their own LINE chat — and villagers cannot. */
class BroadcastTest extends EndToEndTest {

    @Test
    void broadcastsToTheSegmentOnlyAndReportsDelivery() throws Exception {
        String crackers = registeredGroup("กลุ่มข้าวแต๋น", "[\"ข้าวแต๋น\"]", "แม่พริก");
        String citrus = registeredGroup("กลุ่มส้มเกลี้ยง", "[\"ส้มเกลี้ยง\"]", "แม่พริก");

        HttpResponse<String> created = asAdmin("POST", "/api/v1/broadcasts",
                "{\"text\":\"อบรมบรรจุภัณฑ์ใหม่ วันเสาร์นี้ 9 โมง ที่ศาลาหมู่บ้าน\",\"segment\":{\"product\":\"ข้าวแต๋น\"}}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode body = com.fasterxml.jackson.databind.json.JsonMapper.builder().build().readTree(created.body());
        assertThat(body.path("recipients").asInt()).isEqualTo(1);
        awaitOutboxDrained();

        assertThat(LINE.requests("POST", "/v2/bot/message/push")).singleElement().satisfies(push -> {
            assertThat(push.json().path("to").asText()).isEqualTo(crackers);
            assertThat(push.body()).contains("อบรมบรรจุภัณฑ์ใหม่");
        });
        String report = asAdmin("GET", "/api/v1/broadcasts/" + body.path("id").asText(), null).body();
        assertThat(report).contains("\"sent\":1").contains("\"failed\":0").contains(crackers).doesNotContain(citrus);
        LINE.assertNoViolations();
    }

    @Test
    void anOfficerPreviewsInLineAndConfirmsOnceAndTheGroupsReceiveOneCardEach() throws Exception {
        String group = registeredGroup("กลุ่มกล้วยตาก", "[\"กล้วยตาก\"]", "แม่พริก");
        String officerLine = id("U");
        String code = com.fasterxml.jackson.databind.json.JsonMapper.builder().build()
                .readTree(asAdmin("POST", "/api/v1/me/line-link-code", null).body()).path("code").asText();
        say(null, officerLine, "เชื่อมบัญชี " + code);
        LINE.reset();

        List<String> preview = say(null, officerLine, "ประกาศ ประชุมกลุ่มวันจันทร์ 10 โมง");
        assertThat(preview).singleElement().asString().contains("ส่งถึง 1 กลุ่ม").contains("ประชุมกลุ่มวันจันทร์");
        assertThat(LINE.requests("POST", "/v2/bot/chat/loading/start")).hasSize(1);
        String confirm = LINE.requests("POST", "/v2/bot/message/reply").get(0).json().path("messages").get(0)
                .path("quickReply").path("items").get(0).path("action").path("data").asText();

        deliver(postbackFromUser(officerLine, confirm));
        deliver(postbackFromUser(officerLine, confirm));
        awaitOutboxDrained();

        assertThat(LINE.requests("POST", "/v2/bot/message/push")).singleElement()
                .satisfies(push -> assertThat(push.json().path("to").asText()).isEqualTo(group));
        assertThat(sentMessages().toString()).contains("ส่งประกาศแล้ว 1 กลุ่ม").contains("ส่งหรือยกเลิกไปแล้ว");
        LINE.assertNoViolations();
    }

    @Test
    void aVillagerCannotBroadcastFromAPrivateChatNorFromAGroup() {
        String group = registeredGroup("กลุ่มข้าวแต๋น", "[\"ข้าวแต๋น\"]", "แม่พริก");
        String villager = id("U");

        assertThat(say(null, villager, "ประกาศ ทุกคนมาประชุม")).singleElement().asString().contains("เฉพาะเจ้าหน้าที่");
        deliver(postbackFromUser(villager, "action=broadcast-confirm&id=anything"));
        assertThat(say(group, villager, "ประกาศ พรุ่งนี้ไปตลาด")).isEmpty();
        awaitOutboxDrained();

        assertThat(LINE.requests("POST", "/v2/bot/message/push")).isEmpty();
        assertThat(mongo.count(new org.springframework.data.mongodb.core.query.Query(), "broadcasts")).isZero();
    }

    private String postbackFromUser(String userId, String data) {
        return """
                {"type":"postback","mode":"active","timestamp":%d,"webhookEventId":"%s","replyToken":"%s",
                 "source":{"type":"user","userId":"%s"},"postback":{"data":%s}}"""
                .formatted(System.currentTimeMillis(), id("EV"), id("RT"), userId, jsonString(data));
    }
}
