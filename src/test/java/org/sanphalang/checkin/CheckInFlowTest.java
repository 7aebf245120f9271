package org.sanphalang.checkin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.sanphalang.testing.EndToEndTest;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

/** A villager's own words in the group: recorded, confirmed, corrected, unsent, edited — over the real webhook path. */
class CheckInFlowTest extends EndToEndTest {

    @Test
    void recordsATypedCheckInAndConfirmsTheFiguresReadWithAPrivacyNoticeTheFirstTime() {
        String group = registeredGroup("กลุ่มข้าวแต๋นบ้านเกาะหัวช้าง", "[\"ข้าวแต๋น\"]", "แม่พริก");
        String villager = id("U");

        deliver(text(group, villager, "ผลิต ๒๐๐ ห่อ ขายได้ ๑๕๐ ได้เงิน ๓,๗๕๐ บาท"));
        awaitOutboxDrained();

        Document checkIn = onlyCheckIn(group);
        assertThat(checkIn.getString("lineUserId")).isEqualTo(villager);
        assertThat(checkIn.get("produced", Document.class).get("qty").toString()).isEqualTo("200");
        assertThat(checkIn.get("sold", Document.class).get("qty").toString()).isEqualTo("150");
        assertThat(checkIn.get("revenueBaht").toString()).isEqualTo("3750");
        List<JsonNode> sent = sentMessages();
        assertThat(sent).hasSize(2);
        assertThat(sent.get(0).path("text").asText()).contains("สานพลังเก็บ");
        assertThat(sent.get(1).toString()).contains("บันทึกผลเรียบร้อย").contains("200 ห่อ").contains("150 ห่อ").contains("3,750 บาท")
                .contains("action=checkin-cancel&checkin=" + checkIn.getString("_id"));

        LINE.reset();
        deliver(text(group, villager, "ขายได้ 25 ถุง"));
        awaitOutboxDrained();
        assertThat(sentMessages()).hasSize(1);
        LINE.assertNoViolations();
    }

    @Test
    void aRedeliveredCheckInCountsOnce() {
        String group = registeredGroup("กลุ่ม R", "[\"ข้าวแต๋น\"]", "แม่พริก");
        String event = text(group, id("U"), "ขาย 40 ห่อ ได้ 1,000 บาท");
        String body = "{\"destination\":\"U0\",\"events\":[" + event + "]}";
        for (int i = 0; i < 3; i++) {
            assertThat(http.postSignedCallback(SECRET, body).statusCode()).isEqualTo(200);
        }
        awaitHandled(tools.jackson.databind.json.JsonMapper.builder().build().readTree(event).path("webhookEventId").asString());
        awaitOutboxDrained();

        assertThat(weekly()).contains("\"revenueBaht\":1000").contains("\"checkins\":1");
        assertThat(LINE.requests("POST", "/v2/bot/message/reply")).hasSize(1);
    }

    @Test
    void staysQuietInAGroupThatIsNotRegistered() {
        assertThat(say(id("C"), id("U"), "ผลิต 200 ห่อ")).isEmpty();
        assertThat(mongo.count(new Query(), "checkins")).isZero();
    }

    @Test
    void anUnsentMessageTakesItsCheckInAway() {
        String group = registeredGroup("กลุ่ม U", "[\"ข้าวแต๋น\"]", "แม่พริก");
        String event = text(group, id("U"), "ขาย 30 ห่อ");
        deliver(event);
        String messageId = tools.jackson.databind.json.JsonMapper.builder().build().readTree(event).path("message").path("id").asString();

        deliver("""
                {"type":"unsend","mode":"active","timestamp":%d,"webhookEventId":"%s","source":{"type":"group","groupId":"%s","userId":"U1"},
                 "unsend":{"messageId":"%s"}}""".formatted(Instant.now().toEpochMilli(), id("EV"), group, messageId));

        assertThat(mongo.count(new Query(), "checkins")).isZero();
        assertThat(weekly()).contains("\"checkins\":0");
    }

    @Test
    void theLatestEditWinsEvenWhenEditsArriveOutOfOrder() {
        String group = registeredGroup("กลุ่ม E", "[\"ข้าวแต๋น\"]", "แม่พริก");
        String user = id("U");
        String event = text(group, user, "ขาย 30 ห่อ");
        deliver(event);
        String messageId = tools.jackson.databind.json.JsonMapper.builder().build().readTree(event).path("message").path("id").asString();
        long now = Instant.now().toEpochMilli();

        deliver(edited(group, user, messageId, "ขาย 50 ห่อ", now + 20_000));
        deliver(edited(group, user, messageId, "ขาย 40 ห่อ", now + 10_000));

        assertThat(onlyCheckIn(group).get("sold", Document.class).get("qty").toString()).isEqualTo("50");
        assertThat(weekly()).contains("\"sold\":{\"pack\":50}");
    }

    @Test
    void aPhotoSentJustAfterACheckInIsFetchedAndAttached() {
        String group = registeredGroup("กลุ่ม P", "[\"กล้วยตาก\"]", "แม่พริก");
        String user = id("U");
        deliver(text(group, user, "ตากกล้วยได้ 45 กก."));
        String photoId = id("9");

        deliver("""
                {"type":"message","mode":"active","timestamp":%d,"webhookEventId":"%s","replyToken":"%s",
                 "source":{"type":"group","groupId":"%s","userId":"%s"},
                 "message":{"id":"%s","type":"image","contentProvider":{"type":"line"}}}"""
                .formatted(Instant.now().toEpochMilli(), id("EV"), id("RT"), group, user, photoId));

        assertThat(onlyCheckIn(group).getList("photoIds", String.class)).containsExactly(photoId);
        Document photo = mongo.findById(photoId, Document.class, "photos");
        assertThat(photo.getInteger("size")).isPositive();
        assertThat(LINE.requests("GET", "/v2/bot/message/" + photoId + "/content")).hasSize(1);
    }

    @Test
    void oddTextNeverBreaksTheBot() {
        String group = registeredGroup("กลุ่ม O", "[\"ข้าวแต๋น\"]", "แม่พริก");
        for (String odd : List.of("ขาย \"30\" ห่อ {{checkinId}} $where", "🙏🙏 ผลิต 1\u200B00 ห่อ 😀", "\u0000\u0001 ขาย", "ผลิต 5 ห่อ ".repeat(3000),
                "{\"$gt\": 1}", "\\\\ \\u0000")) {
            deliver(text(group, id("U"), odd));
        }
        awaitOutboxDrained();
        LINE.assertNoViolations();
        assertThat(asAdmin("GET", "/api/v1/groups/" + group + "/checkins", null).statusCode()).isEqualTo(200);
    }

    @Test
    void officersReadAGroupsCheckInsNewestFirstAndTryTheParser() throws Exception {
        String group = registeredGroup("กลุ่ม A", "[\"ข้าวแต๋น\"]", "แม่พริก");
        deliver(text(group, id("U"), "ผลิต 100 ห่อ"));
        deliver(text(group, id("U"), "ขาย 80 ห่อ ได้เงิน 2,000 บาท"));

        HttpResponse<String> list = asAdmin("GET", "/api/v1/groups/" + group + "/checkins", null);
        JsonNode rows = com.fasterxml.jackson.databind.json.JsonMapper.builder().build().readTree(list.body());
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).path("text").asText()).isEqualTo("ขาย 80 ห่อ ได้เงิน 2,000 บาท");
        assertThat(rows.get(0).path("revenueBaht").asInt()).isEqualTo(2000);
        assertThat(rows.get(0).has("lineUserId")).isTrue();
        assertThat(rows.get(0).has("at")).isTrue();

        HttpResponse<String> parsed = asAdmin("POST", "/api/v1/checkins/parse", "{\"text\":\"ขายน้ำส้มเกลี้ยง 40 ขวด ได้ 1,600 ฿\"}");
        assertThat(parsed.body()).contains("\"kind\":\"checkin\"").contains("\"sold\":{\"qty\":40,\"unit\":\"bottle\"}")
                .contains("\"revenueBaht\":1600");
        assertThat(mongo.count(Query.query(Criteria.where("groupId").is(group)), "checkins")).isEqualTo(2);
    }

    private String edited(String group, String user, String messageId, String text, long timestamp) {
        return """
                {"type":"messageEdited","mode":"active","timestamp":%d,"webhookEventId":"%s","replyToken":"%s",
                 "source":{"type":"group","groupId":"%s","userId":"%s"},"message":{"id":"%s","type":"text","text":%s}}"""
                .formatted(timestamp, id("EV"), id("RT"), group, user, messageId, jsonString(text));
    }

    private Document onlyCheckIn(String group) {
        List<Document> all = mongo.find(Query.query(Criteria.where("groupId").is(group)), Document.class, "checkins");
        assertThat(all).hasSize(1);
        return all.get(0);
    }

    private String weekly() {
        return asAdmin("GET", "/api/v1/summaries/weekly", null).body();
    }
}
