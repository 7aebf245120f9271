package org.sanphalang.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.sanphalang.checkin.CheckIn;
import org.sanphalang.checkin.Quantity;
import org.sanphalang.checkin.internal.CheckInStore;
import org.sanphalang.groups.GroupMember;
import org.sanphalang.groups.LineGroup;
import org.sanphalang.testing.EndToEndTest;
import org.sanphalang.testing.RecordedRequest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/** Groups, check-ins and officers written straight to the store, and a look at what was pushed to LINE. */
abstract class ScheduleSupport extends EndToEndTest {

    static final ZoneId BANGKOK = ZoneId.of("Asia/Bangkok");

    @Autowired
    JobRunner runner;
    @Autowired
    ScheduleTriggers triggers;
    @Autowired
    ScheduledSends sends;
    @Autowired
    CheckInStore checkIns;

    @BeforeEach
    void defaultTriggers() {
        triggers.sync();
        // Other tests link the administrator's LINE account; here officers get LINE messages only when a test says so.
        mongo.updateFirst(Query.query(Criteria.where("_id").is("admin")), new Update().unset("lineUserId"), "officers");
    }

    static Instant bangkok(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(BANGKOK).toInstant();
    }

    String group(String name, String amphoe, Instant registeredAt, List<String> leaders) {
        String id = id("C");
        mongo.insert(new LineGroup(id, "LINE " + name, null, true, 8, registeredAt, null, null, true, name, List.of("ข้าวแต๋น"),
                "บ้านเกาะหัวช้าง", "พระบาทวังตวง", amphoe, null, leaders, registeredAt, "admin", false, null, 0, null));
        return id;
    }

    String group(String name) {
        return group(name, "แม่พริก", bangkok("2026-01-05T10:00"), List.of());
    }

    void set(String groupId, String field, Object value) {
        mongo.updateFirst(Query.query(Criteria.where("_id").is(groupId)), new Update().set(field, value), LineGroup.class);
    }

    void member(String groupId, String userId, boolean nudgesOff) {
        Instant now = bangkok("2026-01-05T10:00");
        mongo.insert(new GroupMember(groupId + "/" + userId, groupId, userId, "คุณ " + userId, true, now, now, null, null, nudgesOff));
    }

    void checkIn(String groupId, Instant at, int baht) {
        checkIns.record(new CheckIn("m" + id("M"), groupId, id("U"), at, "ขาย 10 ห่อ ได้ " + baht + " บาท", null,
                new Quantity(BigDecimal.TEN, "pack"), BigDecimal.valueOf(baht), null, null, "ข้าวแต๋น", "text", at, false, List.of()));
    }

    /** An officer for an amphoe, with a linked LINE account. */
    String officer(String username, String amphoe, String lineUserId) {
        HttpResponse<String> created = asAdmin("POST", "/api/v1/officers", """
                {"username":"%s","password":"officer-password-1","displayName":"%s","role":"OFFICER","area":{"amphoe":"%s"}}"""
                .formatted(username, username, amphoe));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        if (lineUserId != null) {
            mongo.updateFirst(Query.query(Criteria.where("_id").is(username)), new Update().set("lineUserId", lineUserId), "officers");
        }
        return username;
    }

    List<RecordedRequest> pushes() {
        awaitOutboxDrained();
        return LINE.requests("POST", "/v2/bot/message/push");
    }

    List<String> pushedTo() {
        return pushes().stream().map(r -> r.json().path("to").asText()).toList();
    }

    List<JsonNode> messagesTo(String to) {
        return pushes().stream().filter(r -> r.json().path("to").asText().equals(to))
                .flatMap(r -> {
                    List<JsonNode> out = new java.util.ArrayList<>();
                    r.json().path("messages").forEach(out::add);
                    return out.stream();
                }).toList();
    }

    static String text(JsonNode message) {
        return message.has("text") ? message.path("text").asText() : message.path("altText").asText();
    }
}
