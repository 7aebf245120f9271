package org.sanphalang.groups;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandSucceededEvent;
import org.bson.BsonDocument;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sanphalang.testing.ListenedMongo;
import org.springframework.data.mongodb.core.MongoTemplate;

/** Reading every group (a broadcast's recipients, the follow-ups' scope) in replies the driver need not hold large. */
class AllGroupsReadTest {

    /** Groups in each reply to a find or getMore on the groups collection. */
    final List<Integer> replies = java.util.Collections.synchronizedList(new ArrayList<>());
    /** The fields of every group in those replies. */
    final List<java.util.Set<String>> fieldsSent = java.util.Collections.synchronizedList(new ArrayList<>());
    /** The finds asked of the groups collection. */
    final List<BsonDocument> finds = java.util.Collections.synchronizedList(new ArrayList<>());
    ListenedMongo db;
    MongoTemplate mongo;

    @BeforeEach
    void start() {
        db = new ListenedMongo(new CommandListener() {
            @Override
            public void commandStarted(com.mongodb.event.CommandStartedEvent event) {
                if (event.getCommandName().equals("find") && event.getCommand().getString("find").getValue().equals("groups")) {
                    finds.add(event.getCommand().clone());
                }
            }

            @Override
            public void commandSucceeded(CommandSucceededEvent event) {
                BsonDocument cursor = event.getResponse().getDocument("cursor", null);
                if (cursor != null && cursor.getString("ns").getValue().endsWith(".groups")) {
                    var batch = cursor.containsKey("firstBatch") ? cursor.getArray("firstBatch") : cursor.getArray("nextBatch");
                    replies.add(batch.size());
                    batch.forEach(g -> fieldsSent.add(java.util.Set.copyOf(g.asDocument().keySet())));
                }
            }
        });
        mongo = db.template("groups-read");
    }

    @AfterEach
    void stop() {
        db.close();
    }

    @Test
    void everyGroupComesOldestFirstInRepliesOfAtMostFiveHundred() {
        int count = 1_234;
        List<Document> docs = new ArrayList<>();
        long joined = Date.from(java.time.Instant.parse("2025-01-01T00:00:00Z")).getTime();
        for (int i = 0; i < count; i++) {
            // stored newest first, so the order read is the sort's, not the store's
            docs.add(new Document("_id", "C%032x".formatted(count - i)).append("lineName", "กลุ่ม " + (count - i))
                    .append("active", true).append("registered", true).append("joinedAt", new Date(joined + (count - i) * 1_000L)));
        }
        mongo.insert(docs, "groups");

        List<LineGroup> all = new Groups(mongo).all();

        assertThat(all).hasSize(count);
        assertThat(all.get(0).id()).isEqualTo("C%032x".formatted(1));
        assertThat(all.get(count - 1).id()).isEqualTo("C%032x".formatted(count));
        assertThat(all).isSortedAccordingTo(java.util.Comparator.comparing(LineGroup::joinedAt));
        assertThat(replies).hasSizeGreaterThanOrEqualTo(3).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(Groups.REPLY_BATCH));
        assertThat(replies.stream().mapToInt(Integer::intValue).sum()).isEqualTo(count);
    }

    @Test
    void onlyRegisteredGroupsTheBotIsStillInAreLiveAndTheStoreSendsNoOthers() {
        long joined = Date.from(java.time.Instant.parse("2025-01-01T00:00:00Z")).getTime();
        List<Document> docs = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            Document group = new Document("_id", "C%032x".formatted(40 - i)).append("lineName", "กลุ่ม " + i)
                    .append("joinedAt", new Date(joined + (40 - i) * 1_000L)).append("amphoe", i % 2 == 0 ? "แม่พริก" : "เถิน");
            switch (i % 4) {
                case 0 -> group.append("registered", true).append("active", true);
                case 1 -> group.append("registered", true).append("active", false); // the bot was removed
                case 2 -> group.append("registered", false).append("active", true); // never registered
                default -> group.append("registered", true); // stored before "active" was kept
            }
            docs.add(group);
        }
        mongo.insert(docs, "groups");
        Groups groups = new Groups(mongo);
        replies.clear();

        List<LineGroup> live = groups.live();

        assertThat(live).hasSize(10).allSatisfy(g -> assertThat(g.registered() && g.active()).isTrue())
                .isSortedAccordingTo(java.util.Comparator.comparing(LineGroup::joinedAt));
        assertThat(live).extracting(LineGroup::id).containsExactlyInAnyOrderElementsOf(groups.all().stream()
                .filter(g -> g.registered() && g.active()).map(LineGroup::id).toList());
        assertThat(replies.get(0)).as("the store's first reply: the live groups only").isEqualTo(10);
        replies.clear();
        List<LineGroup> registered = groups.registeredIn(new org.sanphalang.officers.Area("แม่พริก", null));
        assertThat(registered).hasSize(10).allSatisfy(g -> assertThat(g.registered()).isTrue())
                .allSatisfy(g -> assertThat(g.amphoe()).isEqualTo("แม่พริก"));
        assertThat(replies.get(0)).as("registered ones only, in every district").isEqualTo(30);
    }

    @Test
    void aSendsRecipientsComeOldestFirstWithOnlyWhatPickingThemNeedsAndTheStoreSortsNothing() {
        int count = 1_234;
        long joined = Date.from(java.time.Instant.parse("2025-01-01T00:00:00Z")).getTime();
        List<Document> docs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            // stored newest first, so the order read is this side's sort, not the store's
            Document group = new Document("_id", "C%032x".formatted(count - i)).append("lineName", "กลุ่ม " + i)
                    .append("pictureUrl", "https://example.invalid/p.png").append("leaderUserIds", List.of("U1", "U2"))
                    .append("joinedAt", new Date(joined + (count - i) * 1_000L)).append("amphoe", "แม่พริก")
                    .append("tambon", "แม่ปุ").append("village", "บ้านเกาะหัวช้าง").append("products", List.of("ข้าวแต๋น"))
                    .append("memberCount", i).append("registered", true).append("active", i % 5 != 0);
            docs.add(group);
        }
        mongo.insert(docs, "groups");
        Groups groups = new Groups(mongo);
        List<LineGroup> live = groups.live();
        replies.clear();
        fieldsSent.clear();
        finds.clear();

        List<Groups.Recipient> recipients = groups.liveRecipients();

        assertThat(recipients).extracting(Groups.Recipient::id).containsExactlyElementsOf(live.stream().map(LineGroup::id).toList());
        assertThat(recipients).isSortedAccordingTo(java.util.Comparator.comparing(Groups.Recipient::joinedAt));
        Groups.Recipient first = recipients.get(0);
        LineGroup same = live.get(0);
        assertThat(first).isEqualTo(new Groups.Recipient(same.id(), same.memberCount(), same.products(), same.village(),
                same.tambon(), same.amphoe(), same.joinedAt()));
        assertThat(first.within(new org.sanphalang.officers.Area("แม่พริก", "แม่ปุ"))).isTrue();
        assertThat(first.within(new org.sanphalang.officers.Area("เถิน", null))).isFalse();
        assertThat(finds).hasSize(1);
        assertThat(finds.get(0).containsKey("sort")).as("sorted here: the embedded store would hold every match whole").isFalse();
        assertThat(fieldsSent).hasSize(recipients.size()).allSatisfy(fields -> assertThat(fields)
                .isSubsetOf("_id", "memberCount", "products", "village", "tambon", "amphoe", "joinedAt"));
        assertThat(replies).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(Groups.REPLY_BATCH));
    }
}
