package org.sanphalang.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class DueHintsTest {

    record Seen(String key, int attempts) {
    }

    final DueHints<String, Seen> hints = new DueHints<>(Seen::key, 3);

    @Test
    void aKeySweptAgainWhileStillQueuedIsHandedOutOnce() {
        for (int sweep = 0; sweep < 50; sweep++) {
            hints.add(new Seen("a", 0));
            hints.add(new Seen("b", 0));
        }

        assertThat(drain()).containsExactlyInAnyOrder(new Seen("a", 0), new Seen("b", 0));
        assertThat(hints.size()).isZero();
    }

    @Test
    void aKeyHandedOutCanBeHintedAgain() {
        hints.add(new Seen("a", 0));
        assertThat(hints.poll()).isEqualTo(new Seen("a", 0));

        hints.add(new Seen("a", 1));

        assertThat(hints.poll()).isEqualTo(new Seen("a", 1));
    }

    @Test
    void newerStateReplacesTheQueuedHintAndTheOldOneIsSkipped() {
        hints.add(new Seen("a", 0));
        hints.add(new Seen("a", 2));

        assertThat(drain()).containsExactly(new Seen("a", 2));
    }

    @Test
    void aSoonerHintReplacesALaterOneForTheSameItem() {
        long inAnHour = System.nanoTime() + TimeUnit.HOURS.toNanos(1);
        hints.add(new Seen("a", 0), inAnHour);
        assertThat(hints.poll()).isNull();
        assertThat(hints.noneDueNow()).isTrue();

        hints.add(new Seen("a", 0));

        assertThat(hints.noneDueNow()).isFalse();
        assertThat(hints.poll()).isEqualTo(new Seen("a", 0));
        assertThat(hints.size()).as("the hour-later copy is no longer live").isZero();
    }

    @Test
    void aLaterHintForAnItemAlreadyDueDoesNotDelayIt() {
        hints.add(new Seen("a", 0));
        hints.add(new Seen("a", 0), System.nanoTime() + TimeUnit.HOURS.toNanos(1));

        assertThat(hints.poll()).isEqualTo(new Seen("a", 0));
    }

    @Test
    void hintsComeOutInDueOrder() {
        long now = System.nanoTime();
        hints.add(new Seen("late", 0), now - 10);
        hints.add(new Seen("early", 0), now - 1_000);

        assertThat(drain()).extracting(Seen::key).containsExactly("early", "late");
    }

    @Test
    void beyondItsCapacityANewKeyIsRefusedButAKnownKeyCanStillBeUpdated() {
        assertThat(hints.add(new Seen("a", 0))).isTrue();
        assertThat(hints.add(new Seen("b", 0))).isTrue();
        assertThat(hints.add(new Seen("c", 0))).isTrue();

        assertThat(hints.add(new Seen("d", 0))).as("a fourth key: left to the sweep").isFalse();
        assertThat(hints.add(new Seen("a", 1))).as("newer state of a held key").isTrue();

        assertThat(drain()).containsExactlyInAnyOrder(new Seen("a", 1), new Seen("b", 0), new Seen("c", 0));
        assertThat(hints.add(new Seen("d", 0))).as("room again once handed out").isTrue();
        assertThat(hints.refusedSome()).as("the refusal is remembered for the owner's next sweep").isTrue();
        hints.sweeping();
        assertThat(hints.refusedSome()).isFalse();
    }

    private List<Seen> drain() {
        List<Seen> out = new ArrayList<>();
        for (Seen s; (s = hints.poll()) != null; ) {
            out.add(s);
        }
        return out;
    }
}
