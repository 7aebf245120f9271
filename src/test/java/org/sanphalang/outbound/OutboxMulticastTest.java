package org.sanphalang.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.sanphalang.testing.RecordedRequest;

/** One message to many users: multicast requests of at most 500 ids, each with a retry key of its own. */
class OutboxMulticastTest extends OutboxContext {

    static final String MULTICAST = "/v2/bot/message/multicast";

    @Test
    void twelveHundredThirtyFourUsersGoInThreeMulticastsOf500And500And234EachWithItsOwnRetryKey() {
        List<String> users = IntStream.range(0, 1_234).mapToObj(OutboxContext::user).toList();

        assertThat(outbox.enqueueMulticast("notice:2026-03", users, "notice", text("ประชุมกลุ่มวันเสาร์"))).isEqualTo(3);
        awaitDrained(Duration.ofSeconds(15));

        List<RecordedRequest> calls = LINE.requests("POST", MULTICAST);
        assertThat(calls).hasSize(3);
        assertThat(calls).extracting(r -> r.json().path("to").size()).containsExactlyInAnyOrder(500, 500, 234);
        assertThat(calls).extracting(r -> r.header("X-Line-Retry-Key")).doesNotContainNull().doesNotHaveDuplicates();
        Set<String> reached = new HashSet<>();
        calls.forEach(r -> r.json().path("to").forEach(id -> reached.add(id.asText())));
        assertThat(reached).containsExactlyInAnyOrderElementsOf(users);
        assertThat(LINE.acceptedRetryKeys()).hasSize(3);
        assertThat(entry("notice:2026-03#1").getString("via")).isEqualTo("multicast");
        assertThat(entry("notice:2026-03#3").getList("recipients", String.class)).hasSize(234);
        assertThat(LINE.requests("POST", PUSH)).isEmpty();
        LINE.assertNoViolations();

        // the same call again (say, after a crash) adds nothing
        assertThat(outbox.enqueueMulticast("notice:2026-03", users, "notice", text("ประชุมกลุ่มวันเสาร์"))).isZero();
    }

    @Test
    void aMulticastRetriedAfterA5xxKeepsItsRetryKey() {
        LINE.failNext(1, 503);
        outbox.enqueueMulticast("retry", List.of(user(1), user(2)), "notice", text("ทดสอบ"));
        awaitDrained(Duration.ofSeconds(15));

        List<RecordedRequest> calls = LINE.requests("POST", MULTICAST);
        assertThat(calls).extracting(RecordedRequest::status).containsExactly(503, 200);
        assertThat(calls.get(0).header("X-Line-Retry-Key")).isEqualTo(calls.get(1).header("X-Line-Retry-Key"));
        LINE.assertNoViolations();
    }

    @Test
    void groupsCannotBeMulticastToAndRepeatedUsersAreSentOnce() {
        assertThatThrownBy(() -> outbox.enqueueMulticast("bad", List.of(user(1), group(7, 1)), "notice", text("x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(group(7, 1));

        outbox.enqueueMulticast("twice", List.of(user(1), user(2), user(1)), "notice", text("ครั้งเดียว"));
        awaitDrained(Duration.ofSeconds(15));
        assertThat(LINE.requests("POST", MULTICAST)).singleElement()
                .satisfies(r -> assertThat(r.json().path("to").size()).isEqualTo(2));
    }
}
