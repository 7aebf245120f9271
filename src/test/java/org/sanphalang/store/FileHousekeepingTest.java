package org.sanphalang.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The H2 file's half-empty chunks are rewritten at quiet moments, and during a long crowd at most once a minute. */
class FileHousekeepingTest {

    @TempDir
    Path folder;

    MVStore file;
    final AtomicBoolean busy = new AtomicBoolean();
    final AtomicLong now = new AtomicLong();
    FileHousekeeping housekeeping;

    @BeforeEach
    void halfEmptyFile() {
        // As EmbeddedH2Backend opens it: H2 never rewrites chunks on its own.
        file = new MVStore.Builder().fileName(folder.resolve("test.mv").toString()).autoCompactFillRate(0).autoCommitDisabled().open();
        MVMap<Integer, String> map = file.openMap("inbox");
        for (int i = 0; i < 20_000; i++) {
            map.put(i, "first " + "x".repeat(100) + i);
        }
        file.commit();
        for (int round = 0; round < 2; round++) { // the first chunk 30 % live, the second none, the third full
            for (int i = 0; i < 14_000; i++) {
                map.put(i, "second " + "y".repeat(100) + i);
            }
            file.commit();
        }
        file.setRetentionTime(0); // H2 rewrites only chunks older than this (45 s by default) and the last commit
        file.openMap("other").put(1, 1);
        file.commit();
        housekeeping = new FileHousekeeping(file, busy::get, now::get);
    }

    @AfterEach
    void close() {
        file.close();
    }

    @Test
    void rewritesHalfEmptyChunksWhenTheForegroundIsQuiet() {
        assertThat(file.getFileStore().getChunksFillRate()).isLessThan(FileHousekeeping.TARGET_FILL_RATE);

        assertThat(housekeeping.tidy()).isTrue();
        file.commit();

        MVMap<Integer, String> map = file.openMap("inbox");
        assertThat(map.get(0)).startsWith("second");
        assertThat(map.get(19_999)).startsWith("first").endsWith("19999");
    }

    @Test
    void leavesTheFileAloneWhileTheForegroundIsBusy() {
        busy.set(true);
        now.addAndGet(FileHousekeeping.DEFER_AT_MOST.toNanos() / 2);

        assertThat(housekeeping.tidy()).isFalse();

        busy.set(false);
        assertThat(housekeeping.tidy()).as("the work it left").isTrue();
    }

    @Test
    void rewritesAnywayOnceACrowdHasLastedAMinute() {
        busy.set(true);
        now.addAndGet(FileHousekeeping.DEFER_AT_MOST.toNanos() + 1);

        assertThat(housekeeping.tidy()).isTrue();
        assertThat(housekeeping.tidy()).as("and then waits again").isFalse();
    }
}
