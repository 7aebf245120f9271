package org.sanphalang.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.sanphalang.testing.RecordedRequest;

/** Many chats at once (a broadcast or story to every group): stored in batches with one commit, each sent once. */
class OutboxEnqueueAllTest extends OutboxContext {

    @Test
    void aThousandTwoHundredPushesStoredTogetherAreEachSentOnceAndKeysAlreadyQueuedAreSkipped() {
        List<OutgoingMessage> pushes = IntStream.range(0, 1_200)
                .mapToObj(n -> OutgoingMessage.push("all:" + n, group(21, n), "broadcast", text("ประชุมวันศุกร์ " + n))).toList();
        assertThat(outbox.enqueue(pushes.get(700))).as("one already queued on its own").isTrue();

        assertThat(outbox.enqueueAll(pushes)).isEqualTo(1_199);
        awaitDrained(Duration.ofSeconds(30));

        List<RecordedRequest> calls = LINE.requests("POST", PUSH);
        assertThat(calls).hasSize(1_200);
        assertThat(calls).extracting(r -> r.json().path("to").asText())
                .containsExactlyInAnyOrderElementsOf(IntStream.range(0, 1_200).mapToObj(n -> group(21, n)).toList());
        assertThat(calls).extracting(r -> r.header("X-Line-Retry-Key")).doesNotContainNull().doesNotHaveDuplicates();
        assertThat(entry("all:1199").getString("status")).isEqualTo("SENT");
        LINE.assertNoViolations();

        // the same call again (say, after a crash) adds nothing and sends nothing more
        assertThat(outbox.enqueueAll(pushes)).isZero();
        assertThat(outbox.enqueueAll(List.of())).isZero();
        awaitDrained(Duration.ofSeconds(5));
        assertThat(LINE.requests("POST", PUSH)).hasSize(1_200);
    }
}
