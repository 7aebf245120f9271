package org.sanphalang.stories;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.bson.Document;
import org.bson.types.Binary;
import org.junit.jupiter.api.Test;
import org.sanphalang.checkin.Period;
import org.sanphalang.checkin.Summaries;
import org.sanphalang.testing.EndToEndTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/** Outcome stories through the real HTTP API, webhook and outbox (Facebook not set up, no public base URL). */
class StoriesEndToEndTest extends EndToEndTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final ZoneId BANGKOK = ZoneId.of("Asia/Bangkok");

    @Autowired
    Summaries summaries;

    String thisWeek() {
        return Period.weekOf(Instant.now(), BANGKOK).key();
    }

    /** A button report (product → what → amount) as LINE would deliver its last tap, at a chosen time. */
    void report(String group, String user, String data, Instant at) {
        deliver("""
                {"type":"postback","mode":"active","timestamp":%d,"webhookEventId":"%s","deliveryContext":{"isRedelivery":false},
                 "replyToken":"%s","source":{"type":"group","groupId":"%s","userId":"%s"},"postback":{"data":%s}}"""
                .formatted(at.toEpochMilli(), id("EV"), id("RT"), group, user, jsonString(data)));
    }

    JsonNode json(HttpResponse<String> response, int status) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return JSON.readTree(response.body());
    }

    JsonNode draft(String body) throws Exception {
        return json(asAdmin("POST", "/api/v1/stories", body), 201);
    }

    JsonNode publish(String id, String channels) throws Exception {
        return json(asAdmin("POST", "/api/v1/stories/" + id + "/publish", "{\"channels\":" + channels + "}"), 200);
    }

    @Test
    void draftFiguresEqualTheRealTotalsAndCompareWithTheWeekBefore() throws Exception {
        String group = registeredGroup("กลุ่มข้าวแต๋นบ้านเกาะ", "[\"ข้าวแต๋น\"]", "แม่พริก");
        String member = id("U");
        Instant now = Instant.now();
        report(group, member, "action=report&p=-&w=revenue&q=3750", now);
        report(group, member, "action=report&p=ข้าวแต๋น&w=produced&q=200", now);
        report(group, member, "action=report&p=-&w=revenue&q=3000", now.minus(7, ChronoUnit.DAYS));

        JsonNode story = draft("{\"period\":\"%s\",\"scope\":{\"lineGroupId\":\"%s\"}}".formatted(thisWeek(), group));

        var real = summaries.totals(group, Period.parse(thisWeek()));
        var before = summaries.totals(group, Period.parse(thisWeek()).previous());
        JsonNode figures = asAdminJson("/api/v1/stories/" + story.path("id").asText()).path("figures");
        assertThat(figures.path("current").path("revenueBaht").decimalValue()).isEqualByComparingTo(real.revenueBaht())
                .isEqualByComparingTo("3750");
        assertThat(figures.path("current").path("produced").path("pack").decimalValue()).isEqualByComparingTo("200");
        assertThat(figures.path("previous").path("revenueBaht").decimalValue()).isEqualByComparingTo(before.revenueBaht())
                .isEqualByComparingTo("3000");
        assertThat(figures.path("current").path("checkins").asInt()).isEqualTo(real.checkins()).isEqualTo(2);
        assertThat(story.path("headline").asText()).startsWith("กลุ่มข้าวแต๋นบ้านเกาะ สัปดาห์")
                .endsWith("รายได้ 3,750 บาท เพิ่มขึ้น 25% จากสัปดาห์ก่อน");
        assertThat(story.path("text").asText()).contains("ผลิต 200 ห่อ", "รายได้รวม 3,750 บาท (สัปดาห์ก่อน 3,000 บาท)");
        assertThat(story.path("imageUrl").asText()).isEqualTo("/stories/" + story.path("id").asText() + "/chart.png");
        assertThat(story.path("status").asText()).isEqualTo("DRAFT");

        JsonNode english = draft("{\"period\":\"%s\",\"scope\":{\"lineGroupId\":\"%s\"},\"lang\":\"en\"}".formatted(thisWeek(), group));
        assertThat(english.path("headline").asText()).contains("฿3,750 in sales, up 25% on last week");
        assertThat(english.path("text").asText()).startsWith("In the week of ").contains("produced 200 packs");
    }

    @Test
    void aStoryForTheWholeAreaAddsUpItsGroupsAndKeepsOutOtherAreas() throws Exception {
        String mine = registeredGroup("กลุ่มกล้วยตาก", "[\"กล้วยตาก\"]", "เกาะคา");
        String other = registeredGroup("กลุ่มส้มเกลี้ยง", "[\"ส้มเกลี้ยง\"]", "แม่พริก");
        report(mine, id("U"), "action=report&p=-&w=revenue&q=1000", Instant.now());
        report(other, id("U"), "action=report&p=-&w=revenue&q=9000", Instant.now());
        json(asAdmin("POST", "/api/v1/officers", """
                {"username":"kohkha","password":"officer-pass-123","displayName":"เจ้าหน้าที่เกาะคา","role":"OFFICER",
                 "area":{"amphoe":"เกาะคา"}}"""), 201);

        JsonNode story = json(api("POST", "/api/v1/stories", "kohkha", "officer-pass-123",
                "{\"period\":\"%s\",\"scope\":{}}".formatted(thisWeek())), 201);
        JsonNode view = json(api("GET", "/api/v1/stories/" + story.path("id").asText(), "kohkha", "officer-pass-123", null), 200);

        assertThat(view.path("groups")).extracting(JsonNode::asText).containsExactly("กลุ่มกล้วยตาก");
        assertThat(view.path("figures").path("current").path("revenueBaht").decimalValue()).isEqualByComparingTo("1000");
        assertThat(view.path("scopeLabel").asText()).isEqualTo("กลุ่มผู้ผลิต อำเภอเกาะคา");
        assertThat(api("POST", "/api/v1/stories", "kohkha", "officer-pass-123",
                "{\"period\":\"%s\",\"scope\":{\"lineGroupId\":\"%s\"}}".formatted(thisWeek(), other)).statusCode()).isEqualTo(404);
        String adminsStory = draft("{\"period\":\"%s\",\"scope\":{\"lineGroupId\":\"%s\"}}".formatted(thisWeek(), other)).path("id").asText();
        assertThat(api("GET", "/api/v1/stories/" + adminsStory, "kohkha", "officer-pass-123", null).statusCode()).isEqualTo(404);
        assertThat(api("POST", "/api/v1/stories/" + adminsStory + "/publish", "kohkha", "officer-pass-123",
                "{\"channels\":[\"line-groups\"]}").statusCode()).isEqualTo(404);
        assertThat(api("POST", "/api/v1/stories", null, null, "{\"period\":\"2026-11\"}").statusCode()).isEqualTo(401);
        assertThat(asAdmin("POST", "/api/v1/stories", "{\"period\":\"soon\"}").statusCode()).isEqualTo(400);
    }

    @Test
    void publishingToLineGroupsSendsOneValidCardPerGroupInScopeOnceAndNoneOutside() throws Exception {
        String a = registeredGroup("กลุ่มข้าวแต๋น ก", "[\"ข้าวแต๋น\"]", "แม่พริก");
        String b = registeredGroup("กลุ่มข้าวแต๋น ข", "[\"ข้าวแต๋น\"]", "แม่พริก");
        String outside = registeredGroup("กลุ่มส้มเกลี้ยง", "[\"ส้มเกลี้ยง\"]", "แม่พริก");
        report(a, id("U"), "action=report&p=ข้าวแต๋น&w=sold&q=150", Instant.now());
        awaitOutboxDrained();
        LINE.reset();
        String id = draft("{\"period\":\"%s\",\"scope\":{\"product\":\"ข้าวแต๋น\"}}".formatted(thisWeek())).path("id").asText();

        JsonNode first = publish(id, "[\"line-groups\"]");
        JsonNode second = publish(id, "[\"line-groups\"]");
        awaitOutboxDrained();

        assertThat(first.path("channels").get(0).path("status").asText()).isEqualTo("queued");
        assertThat(second.path("channels").get(0).path("status").asText()).isEqualTo("already-published");
        var pushes = LINE.requests("POST", "/v2/bot/message/push");
        assertThat(pushes).extracting(p -> p.json().path("to").asText()).containsExactlyInAnyOrder(a, b).doesNotContain(outside);
        assertThat(pushes.get(0).json().path("messages").get(0).path("altText").asText()).startsWith("🌱 กลุ่มผู้ผลิตข้าวแต๋น");
        LINE.assertNoViolations();
        assertThat(mongo.count(Query.query(Criteria.where("_id").regex("^story:" + id + ":")), "outbox")).isEqualTo(2);
        assertThat(http.get("/stories/" + id).statusCode()).isEqualTo(200);
    }

    @Test
    void thePublicPageShowsNoPersonalDataHasOpenGraphTagsAndHidesDrafts() throws Exception {
        String group = registeredGroup("กลุ่มกล้วยตากบ้านหนองบัว", "[\"กล้วยตาก\"]", "แม่พริก");
        String villager = id("U");
        LINE.profile(villager, "สมศรี ใจดี");
        say(group, villager, "วันนี้ผลิต 200 ห่อ ขายได้ 150 ห่อ ได้เงิน 3,750 บาท นะจ๊ะ");
        JsonNode story = draft("{\"period\":\"%s\",\"scope\":{\"lineGroupId\":\"%s\"}}".formatted(thisWeek(), group));
        String id = story.path("id").asText();

        assertThat(http.get("/stories/" + id).statusCode()).isEqualTo(404);
        assertThat(http.get("/stories/" + id + "/chart.png").statusCode()).isEqualTo(404);
        assertThat(asAdmin("GET", "/stories/" + id + "/chart.png", null).statusCode()).as("the officer's preview").isEqualTo(200);
        assertThat(http.get("/stories/no-such-story").statusCode()).isEqualTo(404);
        publish(id, "[\"line-groups\"]");

        HttpResponse<String> page = http.get("/stories/" + id);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
        String html = page.body();
        assertThat(html).contains("<meta property=\"og:title\" content=\"" + story.path("headline").asText() + "\">")
                .containsPattern("<meta property=\"og:image\" content=\"http://(localhost|127\\.0\\.0\\.1):" + port + "/stories/" + id + "/chart.png\">")
                .contains("property=\"og:description\"", "กลุ่มกล้วยตากบ้านหนองบัว", "3,750 บาท");
        assertThat(html).doesNotContain(group).doesNotContain(villager).doesNotContain("สมศรี").doesNotContain("นะจ๊ะ")
                .doesNotContain("admin").doesNotContainPattern("\\b[CUR][0-9a-f]{32}\\b");
        HttpResponse<String> chart = http.get("/stories/" + id + "/chart.png");
        assertThat(chart.statusCode()).isEqualTo(200);
        assertThat(chart.headers().firstValue("Content-Type")).hasValue("image/png");
    }

    @Test
    void onlyPhotosOfConsentingMembersOfGroupsThatSawTheNoticeAreOfferedAndServedOnlyOncePublished() throws Exception {
        String group = registeredGroup("กลุ่มข้าวแต๋น", "[\"ข้าวแต๋น\"]", "แม่พริก");
        String paused = registeredGroup("กลุ่มพักไว้", "[\"ข้าวแต๋น\"]", "แม่พริก");
        String consenting = id("U");
        String erasing = id("U");
        String departed = id("U");
        String stranger = id("U");   // never seen speaking: no member record
        String inPaused = id("U");
        for (String u : List.of(consenting, erasing, departed)) {
            say(group, u, "สวัสดีค่ะ");
        }
        say(paused, inPaused, "สวัสดีค่ะ");
        say(paused, inPaused, "หยุดเตือนกลุ่ม");
        say(group, erasing, "ลบข้อมูลของฉัน");
        mongo.updateFirst(Query.query(Criteria.where("groupId").is(group).and("userId").is(departed)),
                Update.update("active", false).set("leftAt", Instant.now()), "group_members");
        String ok = photo(group, consenting, "P-consenting");
        photo(group, erasing, "P-erasing");
        photo(group, departed, "P-departed");
        photo(group, stranger, "P-stranger");
        photo(paused, inPaused, "P-paused");

        JsonNode story = draft("{\"period\":\"%s\",\"scope\":{\"product\":\"ข้าวแต๋น\"}}".formatted(thisWeek()));
        String id = story.path("id").asText();
        JsonNode view = asAdminJson("/api/v1/stories/" + id);

        assertThat(view.path("photos")).extracting(p -> p.path("id").asText()).containsExactly(ok);
        assertThat(asAdmin("PATCH", "/api/v1/stories/" + id, "{\"photos\":[\"P-erasing\"]}").statusCode()).isEqualTo(400);
        json(asAdmin("PATCH", "/api/v1/stories/" + id, "{\"photos\":[\"" + ok + "\"],\"headline\":\"ข้าวแต๋นขายดี\"}"), 200);
        assertThat(http.get("/stories/" + id + "/photos/1.jpg").statusCode()).as("not before publication").isEqualTo(404);

        publish(id, "[\"line-groups\"]");
        HttpResponse<byte[]> served = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(http.base() + "/stories/" + id + "/photos/1.jpg")).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(served.body()).isEqualTo(("jpeg of " + ok).getBytes());
        assertThat(http.get("/stories/" + id + "/photos/2.jpg").statusCode()).isEqualTo(404);
        assertThat(http.get("/stories/" + id).body()).contains("/stories/" + id + "/photos/1.jpg").contains("ข้าวแต๋นขายดี");

        say(group, consenting, "ลบข้อมูลของฉัน");
        assertThat(http.get("/stories/" + id + "/photos/1.jpg").statusCode()).as("an objection takes effect at once").isEqualTo(404);
    }

    /** A photo attached to the person's check-in of this week, as the check-in module stores it. */
    String photo(String group, String user, String photoId) {
        report(group, user, "action=report&p=ข้าวแต๋น&w=produced&q=10", Instant.now());
        Document checkIn = mongo.findOne(Query.query(Criteria.where("groupId").is(group).and("lineUserId").is(user)), Document.class, "checkins");
        mongo.insert(new Document("_id", photoId).append("groupId", group).append("checkinId", checkIn.getString("_id"))
                .append("lineUserId", user).append("contentType", "image/jpeg").append("at", Instant.now())
                .append("data", new Binary(("jpeg of " + photoId).getBytes())), "photos");
        mongo.updateFirst(Query.query(Criteria.where("_id").is(checkIn.getString("_id"))), new Update().push("photoIds", photoId), "checkins");
        return photoId;
    }

    @Test
    void facebookNotSetUpAnswersAClear409AndPublishesNothing() throws Exception {
        String group = registeredGroup("กลุ่มข้าวแต๋น", "[\"ข้าวแต๋น\"]", "แม่พริก");
        String id = draft("{\"period\":\"%s\",\"scope\":{\"lineGroupId\":\"%s\"}}".formatted(thisWeek(), group)).path("id").asText();

        JsonNode refused = json(asAdmin("POST", "/api/v1/stories/" + id + "/publish", "{\"channels\":[\"line-groups\",\"facebook\"]}"), 409);

        assertThat(refused.path("error").asText()).isEqualTo("facebook_disabled");
        assertThat(refused.path("message").asText()).contains("sanphalang.facebook.page-id", "sanphalang.facebook.page-token");
        assertThat(http.get("/stories/" + id).statusCode()).isEqualTo(404);
        awaitOutboxDrained();
        assertThat(LINE.requests("POST", "/v2/bot/message/push")).isEmpty();
    }

    @Test
    void followersGetOneBroadcastAndRetractingHidesThePageAndSaysLineCannotUnsend() throws Exception {
        String group = registeredGroup("กลุ่มข้าวแต๋น", "[\"ข้าวแต๋น\"]", "แม่พริก");
        String id = draft("{\"period\":\"%s\",\"scope\":{\"lineGroupId\":\"%s\"}}".formatted(thisWeek(), group)).path("id").asText();

        JsonNode published = publish(id, "[\"line-groups\",\"line-followers\"]");
        assertThat(published.path("channels").get(1).path("status").asText()).isEqualTo("queued");
        publish(id, "[\"line-followers\"]");
        awaitOutboxDrained();
        assertThat(LINE.requests("POST", "/v2/bot/message/broadcast")).singleElement()
                .satisfies(b -> assertThat(b.header("X-Line-Retry-Key")).isNotBlank());
        LINE.assertNoViolations();
        assertThat(http.get("/stories/" + id).statusCode()).isEqualTo(200);

        JsonNode retracted = json(asAdmin("POST", "/api/v1/stories/" + id + "/retract", null), 200);

        assertThat(http.get("/stories/" + id).statusCode()).isEqualTo(404);
        assertThat(http.get("/stories/" + id + "/chart.png").statusCode()).isEqualTo(404);
        assertThat(retracted.path("publications").toString()).contains("not retractable on LINE");
        assertThat(asAdmin("POST", "/api/v1/stories/" + id + "/publish", "{\"channels\":[\"line-groups\"]}").statusCode()).isEqualTo(409);
        assertThat(asAdmin("POST", "/api/v1/stories/" + id + "/retract", null).statusCode()).isEqualTo(409);
        String audit = asAdmin("GET", "/api/v1/audit", null).body();
        assertThat(audit).contains("story.published").contains("story.retracted");
    }

    JsonNode asAdminJson(String path) throws Exception {
        return json(asAdmin("GET", path, null), 200);
    }
}
