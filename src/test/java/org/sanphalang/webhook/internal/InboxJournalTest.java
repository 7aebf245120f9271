package org.sanphalang.webhook.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal keeps every acknowledged event until it is moved, and nothing it already moved. */
class InboxJournalTest {

    @TempDir
    Path folder;

    final Instant at = Instant.parse("2026-11-24T03:15:30.123456789Z");

    InboxEntry event(String id, String text) {
        return InboxEntry.accepted(id, "message", null,
                "{\"type\":\"message\",\"message\":{\"text\":\"" + text + "\"},\"webhookEventId\":\"" + id + "\"}", id.endsWith("R"), at);
    }

    List<InboxEntry> drain(InboxJournal journal) throws InterruptedException {
        List<InboxEntry> out = new ArrayList<>();
        for (InboxJournal.Batch batch; !(batch = journal.take(1000, Duration.ofMillis(10))).isEmpty(); ) {
            out.addAll(batch.entries());
        }
        return out;
    }

    @Test
    void eventsAppendedButNotMovedAreThereAfterARestartExactlyAsWritten() throws Exception {
        InboxJournal first = new InboxJournal(folder, false);
        InboxEntry thai = event("01A", "ผลิต ๒๐๐ ห่อ ขายได้ ๑๕๐ ได้เงิน ๓,๗๕๐ บาท $gt {\\u0000} 👵🏽");
        InboxEntry redelivered = event("01BR", "x");
        first.append(List.of(thai));
        first.append(List.of(redelivered));
        // killed here: nothing moved, nothing closed

        InboxJournal second = new InboxJournal(folder, false);

        assertThat(second.pending()).isEqualTo(2);
        assertThat(drain(second)).containsExactly(thai, redelivered);
    }

    @Test
    void whatWasMovedIsNeverReadAgain() throws Exception {
        InboxJournal journal = new InboxJournal(folder, false);
        journal.append(List.of(event("01A", "a"), event("01B", "b")));
        journal.moved(journal.take(10, Duration.ofMillis(10)));
        journal.append(List.of(event("01C", "c")));
        // killed with 01C not moved

        InboxJournal after = new InboxJournal(folder, false);

        assertThat(drain(after)).extracting(InboxEntry::id).containsExactly("01C");
    }

    @Test
    void aCleanStopLeavesNoJournalBehind() throws Exception {
        InboxJournal journal = new InboxJournal(folder, false);
        journal.append(List.of(event("01A", "a")));
        journal.moved(journal.take(10, Duration.ofMillis(10)));
        journal.close();

        assertThat(segments()).isEmpty();
        assertThat(new InboxJournal(folder, false).pending()).isZero();
    }

    @Test
    void aRecordCutShortByACrashIsIgnoredAndTheRecordsBeforeItKept() throws Exception {
        InboxJournal journal = new InboxJournal(folder, false);
        journal.append(List.of(event("01A", "a"), event("01B", "b")));
        Path segment = segments().get(0);
        byte[] whole = Files.readAllBytes(segment);
        // a third record (a copy of the first) whose write was cut off before its last bytes: never acknowledged
        int firstRecord = 8 + java.nio.ByteBuffer.wrap(whole).getInt(0);
        Files.write(segment, java.util.Arrays.copyOf(whole, firstRecord - 5), StandardOpenOption.APPEND);

        InboxJournal after = new InboxJournal(folder, false);

        assertThat(drain(after)).extracting(InboxEntry::id).containsExactly("01A", "01B");
    }

    @Test
    void aDamagedRecordIsNotReadAsAnEvent() throws Exception {
        InboxJournal journal = new InboxJournal(folder, false);
        journal.append(List.of(event("01A", "a")));
        Path segment = segments().get(0);
        byte[] bytes = Files.readAllBytes(segment);
        bytes[bytes.length - 20] ^= 0x55;
        Files.write(segment, bytes);

        assertThat(new InboxJournal(folder, false).pending()).isZero();
    }

    @Test
    void aBatchTheStoreRefusedGoesBackToTheFrontInOrder() throws Exception {
        InboxJournal journal = new InboxJournal(folder, false);
        journal.append(List.of(event("01A", "a"), event("01B", "b")));
        journal.append(List.of(event("01C", "c")));
        InboxJournal.Batch first = journal.take(2, Duration.ofMillis(10));

        journal.putBack(first);

        assertThat(drain(journal)).extracting(InboxEntry::id).containsExactly("01A", "01B", "01C");
    }

    @Test
    void concurrentAppendsAreEachWrittenOnce() throws Exception {
        InboxJournal journal = new InboxJournal(folder, false);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            String id = "01E%05d".formatted(i);
            done.add(pool.submit(() -> journal.append(List.of(event(id, "n")))));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();

        InboxJournal after = new InboxJournal(folder, false);
        assertThat(drain(after)).extracting(InboxEntry::id).hasSize(2_000).doesNotHaveDuplicates();
    }

    @Test
    void aBacklogOfSeveralSegmentsIsReadBackInOrderAndEachSegmentDeletedOnceMoved() throws Exception {
        InboxJournal journal = new InboxJournal(folder, false);
        String text = "ก".repeat(30_000); // 90 KB a record in UTF-8: a segment (8 MB) holds about 94
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            ids.add("01S%05d".formatted(i));
            journal.append(List.of(event(ids.get(i), text)));
        }
        assertThat(segments()).hasSizeGreaterThanOrEqualTo(3);
        assertThat(journal.pending()).isEqualTo(200);

        Path first = segments().get(0);
        int firstHolds = 0;
        for (java.nio.ByteBuffer data = java.nio.ByteBuffer.wrap(Files.readAllBytes(first)); InboxJournal.decode(data).isPresent(); ) {
            firstHolds++;
        }
        List<String> read = new ArrayList<>();
        for (InboxJournal.Batch batch; !(batch = journal.take(50, Duration.ofMillis(10))).isEmpty(); ) {
            assertThat(batch.entries()).allSatisfy(e -> assertThat(e.payload()).contains(text));
            assertThat(Files.exists(first)).isEqualTo(read.size() < firstHolds); // deleted once everything in it is moved
            batch.entries().forEach(e -> read.add(e.id()));
            journal.moved(batch);
        }

        assertThat(read).containsExactlyElementsOf(ids);
        assertThat(journal.pending()).isZero();
        assertThat(Files.size(segments().get(segments().size() - 1))).isZero();
        assertThat(segments()).hasSize(1); // the one appended to next, empty
    }

    @Test
    void aRecordLongerThanOneReadIsReadWhole() throws Exception {
        InboxJournal journal = new InboxJournal(folder, false);
        InboxEntry large = event("01L", "x".repeat(700_000));
        journal.append(List.of(event("01K", "k"), large, event("01M", "m")));

        assertThat(drain(journal)).containsExactly(event("01K", "k"), large, event("01M", "m"));
    }

    @Test
    void aTakeWaitingForEventsReturnsOnceOneIsAppended() throws Exception {
        InboxJournal journal = new InboxJournal(folder, false);
        ExecutorService mover = Executors.newSingleThreadExecutor();
        try {
            Future<InboxJournal.Batch> waiting = mover.submit(() -> journal.take(10, Duration.ofSeconds(30)));
            Thread.sleep(100);
            assertThat(waiting).isNotDone();

            journal.append(List.of(event("01W", "w")));

            assertThat(waiting.get(5, java.util.concurrent.TimeUnit.SECONDS).entries()).extracting(InboxEntry::id).containsExactly("01W");
        } finally {
            mover.shutdownNow();
        }
    }

    @Test
    void eventsTakenButNotMovedAreReadAgainAfterARestart() throws Exception {
        InboxJournal journal = new InboxJournal(folder, false);
        journal.append(List.of(event("01A", "a"), event("01B", "b")));
        journal.take(10, Duration.ofMillis(10));
        // killed while the store was inserting them

        assertThat(drain(new InboxJournal(folder, false))).extracting(InboxEntry::id).containsExactly("01A", "01B");
    }

    List<Path> segments() throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.toString().endsWith(".journal")).sorted().toList();
        }
    }
}
