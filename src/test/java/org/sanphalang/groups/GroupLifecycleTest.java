package org.sanphalang.groups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.sanphalang.testing.EndToEndTest;
import org.sanphalang.testing.RecordedRequest;

/** Joins, leaves and members, through the webhook, with names from the (stand-in) Messaging API. */
class GroupLifecycleTest extends EndToEndTest {

    @Test
    void greetsAGroupInThaiByFreeReplyWhenTheBotJoins() {
        String group = id("C");
        LINE.groupName(group, "กลุ่มข้าวแต๋นบ้านเกาะหัวช้าง").memberCount(group, 12);

        deliver(join(group));
        awaitOutboxDrained();

        List<RecordedRequest> replies = LINE.requests("POST", "/v2/bot/message/reply");
        assertThat(replies).hasSize(1);
        assertThat(replies.get(0).json().path("messages").get(0).path("type").asText()).isEqualTo("flex");
        assertThat(replies.get(0).body()).contains("ลงทะเบียน 123456").contains("กลุ่มข้าวแต๋นบ้านเกาะหัวช้าง");
        assertThat(LINE.requests("POST", "/v2/bot/message/push")).isEmpty();
        Document stored = mongo.findById(group, Document.class, "groups");
        assertThat(stored.getBoolean("active")).isTrue();
        assertThat(stored.getString("lineName")).isEqualTo("กลุ่มข้าวแต๋นบ้านเกาะหัวช้าง");
        assertThat(stored.getInteger("memberCount")).isEqualTo(12);
        LINE.assertNoViolations();
    }

    @Test
    void greetsByPushWithARetryKeyWhenTheReplyTokenIsStale() {
        String group = id("C");
        String staleJoin = join(group).replaceFirst("\"timestamp\":\\d+", "\"timestamp\":" + Instant.now().minusSeconds(600).toEpochMilli());

        deliver(staleJoin);
        awaitOutboxDrained();

        assertThat(LINE.requests("POST", "/v2/bot/message/reply")).isEmpty();
        List<RecordedRequest> pushes = LINE.requests("POST", "/v2/bot/message/push");
        assertThat(pushes).singleElement().satisfies(push -> {
            assertThat(push.json().path("to").asText()).isEqualTo(group);
            assertThat(push.header("X-Line-Retry-Key")).matches("[0-9a-f-]{36}");
        });
    }

    @Test
    void marksTheGroupInactiveWhenTheBotLeaves() {
        String group = id("C");
        deliver(join(group));

        deliver("""
                {"type":"leave","mode":"active","timestamp":%d,"webhookEventId":"%s","source":{"type":"group","groupId":"%s"}}"""
                .formatted(Instant.now().toEpochMilli(), id("EV"), group));

        Document stored = mongo.findById(group, Document.class, "groups");
        assertThat(stored.getBoolean("active")).isFalse();
        assertThat(stored.get("leftAt")).isNotNull();
    }

    @Test
    void keepsMembersFromMemberEventsAndFromWhoSpeaks() {
        String group = id("C");
        String joiner = id("U");
        String speaker = id("U");
        LINE.profile(joiner, "ป้าแก้ว").profile(speaker, "ลุงมา");

        deliver("""
                {"type":"memberJoined","mode":"active","timestamp":%d,"webhookEventId":"%s","replyToken":"%s",
                 "source":{"type":"group","groupId":"%s"},"joined":{"members":[{"type":"user","userId":"%s"}]}}"""
                .formatted(Instant.now().toEpochMilli(), id("EV"), id("RT"), group, joiner));
        deliver(text(group, speaker, "สวัสดีตอนเช้าค่ะ"));
        deliver("""
                {"type":"memberLeft","mode":"active","timestamp":%d,"webhookEventId":"%s",
                 "source":{"type":"group","groupId":"%s"},"left":{"members":[{"type":"user","userId":"%s"}]}}"""
                .formatted(Instant.now().toEpochMilli(), id("EV"), group, joiner));

        Document left = mongo.findById(group + "/" + joiner, Document.class, "group_members");
        Document spoke = mongo.findById(group + "/" + speaker, Document.class, "group_members");
        assertThat(left.getString("displayName")).isEqualTo("ป้าแก้ว");
        assertThat(left.getBoolean("active")).isFalse();
        assertThat(spoke.getString("displayName")).isEqualTo("ลุงมา");
        assertThat(spoke.getBoolean("active")).isTrue();
    }

    @Test
    void staysQuietOnOrdinaryChatter() {
        String group = id("C");
        deliver(join(group));
        awaitOutboxDrained();
        LINE.reset();

        for (String chatter : List.of("สวัสดีตอนเช้าค่ะ", "555+ ขำมาก", "นัดประชุมวันจันทร์ 10 โมง", "thank you!")) {
            assertThat(say(group, id("U"), chatter)).as(chatter).isEmpty();
        }
        assertThat(LINE.requests().stream().filter(r -> r.method().equals("POST"))).isEmpty();
    }

    @Test
    void keepsFollowersOfTheOneToOneChat() {
        String user = id("U");
        LINE.profile(user, "เจ้าหน้าที่สมศรี");
        deliver("""
                {"type":"follow","mode":"active","timestamp":%d,"webhookEventId":"%s","replyToken":"%s",
                 "source":{"type":"user","userId":"%s"},"follow":{"isUnblocked":false}}"""
                .formatted(Instant.now().toEpochMilli(), id("EV"), id("RT"), user));
        assertThat(mongo.findById(user, Document.class, "line_users").getBoolean("following")).isTrue();

        deliver("""
                {"type":"unfollow","mode":"active","timestamp":%d,"webhookEventId":"%s","source":{"type":"user","userId":"%s"}}"""
                .formatted(Instant.now().toEpochMilli(), id("EV"), user));

        Document stored = mongo.findById(user, Document.class, "line_users");
        assertThat(stored.getBoolean("following")).isFalse();
        assertThat(stored.getString("displayName")).isEqualTo("เจ้าหน้าที่สมศรี");
    }

    @Test
    void answersAnEventOnceWhenLineRedeliversIt() {
        String group = id("C");
        String event = join(group);
        String body = "{\"destination\":\"U0\",\"events\":[" + event + "]}";
        for (int i = 0; i < 3; i++) {
            assertThat(http.postSignedCallback(SECRET, body).statusCode()).isEqualTo(200);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> !LINE.requests("POST", "/v2/bot/message/reply").isEmpty());
        awaitOutboxDrained();
        assertThat(LINE.requests("POST", "/v2/bot/message/reply")).hasSize(1);
    }
}
