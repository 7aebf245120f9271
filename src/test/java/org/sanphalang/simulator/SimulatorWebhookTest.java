package org.sanphalang.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.sanphalang.checkin.CheckIn;
import org.sanphalang.groups.Groups;
import org.sanphalang.groups.LineGroup;
import org.sanphalang.line.LineChannel;
import org.sanphalang.simulator.internal.DemoVillage;
import org.sanphalang.simulator.internal.SimulatorActions;
import org.sanphalang.simulator.internal.SimulatorWorld;
import org.sanphalang.simulator.internal.WebhookPoster;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

/** The simulator plays LINE faithfully: signed events through /callback, replies mapped back to their chat, a seeded village. */
class SimulatorWebhookTest extends SimulatorModeTest {

    @Autowired
    LineChannel channel;
    @Autowired
    WebhookPoster poster;
    @Autowired
    SimulatorActions actions;
    @Autowired
    SimulatorWorld world;
    @Autowired
    SimulatorTranscript transcript;
    @Autowired
    DemoVillage demo;
    @Autowired
    Groups groups;
    @Autowired
    MongoTemplate mongo;

    @Test
    void simulatorModePointsTheSdkAtTheAppItself() {
        assertThat(channel.simulator()).isTrue();
        assertThat(channel.apiBaseUrl().toString()).isEqualTo("http://127.0.0.1:" + PORT + "/");
    }

    @Test
    void eventsAreSignedWithTheChannelSecretAndAForgedSignatureIsRefused() {
        SimulatorWorld.Person person = actions.addPerson("ลุงสมชาย", SimulatorWorld.Role.VILLAGER);
        assertThat(poster.deliver(poster.follow(person.id(), null)).status()).isEqualTo(200);

        byte[] body = "{\"destination\":\"U1\",\"events\":[]}".getBytes();
        assertThat(WebhookPoster.sign(channel.secret(), body))
                .isNotEqualTo(WebhookPoster.sign(channel.secret() + "x", body));
        // What the bot's webhook verifies is exactly what the simulator computes.
        assertThat(WebhookPoster.sign("test-channel-secret", "{}".getBytes()))
                .isEqualTo(org.sanphalang.testing.WebhookSigner.sign("test-channel-secret", "{}"));
    }

    @Test
    void aReplyLandsInTheChatWhoseEventCarriedItsToken() {
        SimulatorWorld.Group group = actions.addGroup("กลุ่มทดสอบตอบกลับ");
        SimulatorWorld.Person person = actions.addPerson("น้องฝน", SimulatorWorld.Role.VILLAGER);
        assertThat(actions.botJoins(group.id(), null).ok()).isTrue();
        actions.memberJoins(group.id(), person.id(), null);
        int before = transcript.all().size();

        assertThat(actions.says(group.id(), person.id(), "ช่วยเหลือ", null).ok()).isTrue();

        await().atMost(Duration.ofSeconds(15)).until(() -> transcript.all().stream().skip(before)
                .anyMatch(s -> s.endpoint().equals("reply") && s.chats().equals(List.of(group.id()))));
        assertThat(world.snapshot().timeline()).anySatisfy(e -> {
            assertThat(e.chat()).isEqualTo(group.id());
            assertThat(e.kind()).isEqualTo("bot");
            assertThat(e.via()).isEqualTo("reply");
        });
    }

    @Test
    void theDemoVillageIsRegisteredThroughTheRealFlowWithThreeWeeksOfDatedCheckIns() {
        DemoVillage.Seeded seeded = demo.seed();

        assertThat(seeded.groups()).hasSize(3);
        assertThat(seeded.checkIns()).isGreaterThan(30);
        for (String id : seeded.groups()) {
            LineGroup group = groups.find(id).orElseThrow();
            assertThat(group.registered()).isTrue();
            assertThat(group.village()).isEqualTo("บ้านเกาะหัวช้าง");
        }
        assertThat(groups.find(seeded.groups().get(0)).orElseThrow().products()).containsExactly("ข้าวแต๋น");
        List<CheckIn> checkIns = mongo.find(new Query(Criteria.where("groupId").in(seeded.groups())), CheckIn.class);
        assertThat(checkIns).hasSizeGreaterThan(30);
        Instant threeWeeksAgo = Instant.now().minus(22, ChronoUnit.DAYS);
        Instant lastWeek = Instant.now().minus(8, ChronoUnit.DAYS);
        assertThat(checkIns).allSatisfy(c -> assertThat(c.at()).isAfter(threeWeeksAgo));
        assertThat(checkIns).anySatisfy(c -> assertThat(c.at()).isBefore(lastWeek));
    }
}
