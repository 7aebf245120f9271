package org.sanphalang.groups;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class RecentlyRecordedTest {

    final RecentlyRecorded recent = new RecentlyRecorded();
    final Instant t0 = Instant.parse("2026-11-24T03:00:00Z");

    @Test
    void aMemberSeenAMomentAgoIsNotWrittenAgainUntilTheGranularityHasPassed() {
        assertThat(recent.recentlyRecorded("C1/U1", t0)).isFalse();
        recent.recorded("C1/U1", t0);

        assertThat(recent.recentlyRecorded("C1/U1", t0.plusSeconds(30))).isTrue();
        assertThat(recent.recentlyRecorded("C1/U1", t0.plus(RecentlyRecorded.GRANULARITY))).isFalse();
        assertThat(recent.recentlyRecorded("C1/U2", t0.plusSeconds(30))).as("another member").isFalse();
    }

    @Test
    void anEventOlderThanTheLastWriteIsWritten() {
        recent.recorded("C1/U1", t0);

        assertThat(recent.recentlyRecorded("C1/U1", t0.minusSeconds(1))).isFalse();
    }

    @Test
    void erasureForgetsEveryGroupOfThatUserOnly() {
        recent.recorded("C1/U1", t0);
        recent.recorded("C2/U1", t0);
        recent.recorded("C1/U2", t0);

        recent.forgetUser("U1");

        assertThat(recent.recentlyRecorded("C1/U1", t0)).isFalse();
        assertThat(recent.recentlyRecorded("C2/U1", t0)).isFalse();
        assertThat(recent.recentlyRecorded("C1/U2", t0)).isTrue();
    }
}
