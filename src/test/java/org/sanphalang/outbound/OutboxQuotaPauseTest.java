package org.sanphalang.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.PayloadApplicationEvent;

/** When LINE says the month's messages are used up: pushes wait (durably), replies still go, officers resume. */
class OutboxQuotaPauseTest extends OutboxContext {

    @Autowired
    ConfigurableApplicationContext context;

    final List<PushQuotaExhausted> alerts = new CopyOnWriteArrayList<>();
    final ApplicationListener<PayloadApplicationEvent<?>> listener = e -> {
        if (e.getPayload() instanceof PushQuotaExhausted alert) {
            alerts.add(alert);
        }
    };

    @BeforeEach
    void listen() {
        context.addApplicationListener(listener);
    }

    @AfterEach
    void stopListening() {
        context.removeApplicationListener(listener);
    }

    @Test
    void anExhaustedQuotaPausesPushesKeepsThemPendingLetsRepliesThroughAndResumingSendsEachOnce() {
        LINE.quotaExhausted(true);
        for (int i = 0; i < 6; i++) {
            outbox.enqueue(OutgoingMessage.push("quota:" + i, group(5, i), "test", text("ประกาศ " + i)));
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> mongo.findById("quota", Document.class, "outbox_state") != null
                && count("PENDING") == 6);
        int refused = LINE.requests("POST", PUSH).size();
        assertThat(refused).as("pushes refused before the pause took hold").isBetween(1, 8);

        // paused: a new push waits too; a reply (free) still goes
        outbox.enqueue(OutgoingMessage.push("quota:late", group(5, 99), "test", text("มาทีหลัง")));
        outbox.enqueue(OutgoingMessage.reply("quota:reply", group(5, 100), "fresh-token-" + System.nanoTime(),
                Instant.now(), "test", text("ตอบกลับ")));
        await().atMost(Duration.ofSeconds(15)).until(() -> "SENT".equals(entry("quota:reply").getString("status")));
        assertThat(entry("quota:reply").getString("via")).isEqualTo("reply");
        sleepPolls(5);
        assertThat(LINE.requests("POST", PUSH)).as("no push tried while paused").hasSize(refused);
        assertThat(count("PENDING")).isEqualTo(7);
        // LINE refused the key outright, so its 24 hours have not started
        assertThat(entry("quota:0").get("firstPushAt")).isNull();
        assertThat(entry("quota:0").getInteger("attempts")).isZero();
        assertThat(entry("quota:late").get("firstPushAt")).as("put back unpushed: the lease's start cleared").isNull();
        assertThat(entry("quota:reply").get("firstPushAt")).as("replied, never pushed").isNull();

        assertThat(alerts).hasSize(1);
        Instant renewal = ZonedDateTime.now(ZoneId.of("Asia/Bangkok")).plusMonths(1).withDayOfMonth(1)
                .truncatedTo(ChronoUnit.DAYS).toInstant();
        assertThat(alerts.get(0).pausedUntil()).isEqualTo(renewal);
        assertThat(mongo.findById("quota", Document.class, "outbox_state").getDate("pausedUntil").toInstant())
                .isEqualTo(renewal);
        HttpResponse<String> quota = asAdmin("GET", "/api/v1/quota", null);
        assertThat(quota.statusCode()).isEqualTo(200);
        assertThat(quota.body()).contains("\"pushesPausedUntil\":\"" + renewal);

        // the plan is raised; an officer resumes
        LINE.quotaExhausted(false);
        assertThat(api("POST", "/api/v1/quota/resume", null, null, null).statusCode()).isEqualTo(401);
        HttpResponse<String> resumed = asAdmin("POST", "/api/v1/quota/resume", null);
        assertThat(resumed.statusCode()).as(resumed.body()).isEqualTo(200);
        assertThat(resumed.body()).contains("\"resumed\":true");
        awaitDrained(Duration.ofSeconds(15));

        assertThat(LINE.acceptedRetryKeys()).hasSize(7);
        assertThat(LINE.acceptedRetryKeys().values()).containsOnly(1);
        assertThat(count("SENT")).isEqualTo(8);
        assertThat(alerts).hasSize(1);
        assertThat(asAdmin("GET", "/api/v1/audit", null).body()).contains("quota.resume");
        LINE.assertNoViolations();
    }

    @Test
    void thePauseIsStoredSoARestartedSenderStillHoldsPushes() {
        Instant until = Instant.now().plus(Duration.ofDays(3));
        mongo.save(new Document("_id", "quota").append("pausedUntil", java.util.Date.from(until)), "outbox_state");
        sleepPolls(2); // the pause is re-read once a poll

        outbox.enqueue(OutgoingMessage.push("stored-pause", group(5, 200), "test", text("รอ")));
        sleepPolls(5);
        assertThat(LINE.requests("POST", PUSH)).isEmpty();
        assertThat(entry("stored-pause").getString("status")).isEqualTo("PENDING");

        asAdmin("POST", "/api/v1/quota/resume", null);
        awaitDrained(Duration.ofSeconds(15));
        assertThat(LINE.acceptedCount()).isEqualTo(1);
    }

    private static void sleepPolls(int polls) {
        try {
            Thread.sleep(100L * polls + 100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
