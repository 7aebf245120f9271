package org.sanphalang.webhook.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.zip.CRC32;

import org.sanphalang.store.DurableWrites;
import org.sanphalang.store.GroupWrite;
import org.sanphalang.webhook.WebhookSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The webhook's write-ahead journal, on the embedded H2 store only. Acknowledging LINE needs the events to be
 * durable, not to be in the inbox collection: appending them to a file beside the store's own file gives the same
 * promise (written before the 200, so a kill -9 cannot lose them) for a fraction of the cost of a round trip to
 * the embedded server and an MVStore commit (bench/RESULTS.md). One thread then moves them into the inbox in
 * batches — where deduplication happens, by key, as before — and a segment is deleted once everything in it is
 * in the inbox and committed. At start, whatever a crash left in the journal is moved first.
 * <p>
 * The mover reads the events back from the file, not from memory: while a crowd of webhook requests is answered it
 * gives way (bench/RESULTS.md, session 14), and what waits meanwhile — tens of thousands of events at saturation —
 * then costs disk, not heap. Records just written are read from the page cache.
 * <p>
 * Not used on MongoDB: there several instances share the inbox, and a file on one of them would not be shared.
 * <p>
 * Record: {@code int length, int crc32(body), body}; body: id, type, destination, payload (each an int length, -1 for
 * null, and UTF-8), redelivery (byte), receivedAt (long seconds, int nanos). A record cut short by a crash fails its
 * length or checksum; it was never acknowledged, and the journal is read up to it.
 */
@Component
class InboxJournal {

    private static final Logger log = LoggerFactory.getLogger(InboxJournal.class);
    private static final String PREFIX = "inbox-";
    private static final String SUFFIX = ".journal";
    /** A segment this large is closed and a new one begun, so the moved part can be deleted. */
    private static final long SEGMENT_BYTES = 8L * 1024 * 1024;
    /** Bytes read back at once: a batch of LINE's usual events (under 1 KB each); a longer record is read whole. */
    private static final int READ_BYTES = 256 * 1024;

    /** A place in the journal: a segment, and an offset in it. */
    record Position(long segment, long offset) {
    }

    /** Events read back for the mover, and the stretch of the journal they fill. */
    record Batch(List<InboxEntry> entries, Position from, Position to) {

        boolean isEmpty() {
            return entries.isEmpty();
        }
    }

    private final Path folder;
    private final boolean force;
    /**
     * Guards the segment appended to (channel, number, length of its whole records) and the lengths of the closed
     * segments not yet deleted; signalled when records are appended, for a mover waiting on them.
     */
    private final Object writeLock = new Object();
    private final GroupWrite<InboxEntry, Long> appends = new GroupWrite<>(1_000, this::writeTogether);
    private FileChannel channel;
    private long segment;
    private long segmentSize;
    private final NavigableMap<Long, Long> closed = new TreeMap<>();
    private final AtomicLong appended = new AtomicLong();
    private final AtomicLong movedCount = new AtomicLong();
    // The mover's own (one thread reads back): where the next batch begins, and the segment open for reading.
    private Position readAt;
    private FileChannel reader;
    private long readerSegment = -1;
    /** Everything before it is in the inbox. */
    private volatile Position movedTo;

    @Autowired
    InboxJournal(DurableWrites durable, WebhookSettings settings) {
        this(settings.journal() ? durable.localFolder().map(f -> f.resolve("inbox-journal")).orElse(null) : null,
                settings.journalForce());
    }

    /** @param folder where the segments are kept; null: no journal (MongoDB, the memory backend, or switched off) */
    InboxJournal(Path folder, boolean force) {
        this.folder = folder;
        this.force = force;
        if (folder != null) {
            recover();
        }
    }

    boolean active() {
        return folder != null;
    }

    /** Events appended but not yet in the inbox. */
    long pending() {
        return appended.get() - movedCount.get();
    }

    /**
     * Appends the events and returns once they are in the file (and, with {@code journal-force}, on the disk).
     * A {@link GroupWrite}, as for the inbox: concurrent requests' records go to the file in one write.
     */
    void append(List<InboxEntry> entries) {
        appends.write(entries);
    }

    /**
     * Reads back up to {@code max} events after the last batch taken, waiting up to {@code wait} for one to be appended.
     * A batch lies within one segment. For the mover's thread only.
     */
    Batch take(int max, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            Position at = readAt;
            long end;
            synchronized (writeLock) {
                end = at.segment() == segment ? segmentSize : closed.getOrDefault(at.segment(), at.offset());
                if (at.offset() >= end) {
                    if (at.segment() != segment) { // a closed segment read through (or deleted): on to the next one
                        Long next = closed.higherKey(at.segment());
                        readAt = new Position(next != null ? next : segment, 0);
                        continue;
                    }
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return new Batch(List.of(), at, at);
                    }
                    TimeUnit.NANOSECONDS.timedWait(writeLock, left);
                    continue;
                }
            }
            return read(at, end, max);
        }
    }

    /** The batch could not be moved now: the next take reads it again. */
    void putBack(Batch batch) {
        readAt = batch.from();
    }

    /**
     * The events are in the inbox, committed: segments now wholly moved are deleted — the current one too (a new one
     * is begun), so that no record already moved is ever read again at a start, when the inbox may have expired its key.
     */
    void moved(Batch batch) {
        movedCount.addAndGet(batch.entries().size());
        movedTo = batch.to();
        synchronized (writeLock) {
            try {
                if (batch.to().segment() == segment && segmentSize > 0 && batch.to().offset() >= segmentSize) {
                    openSegment(segment + 1);
                }
            } catch (IOException e) {
                log.warn("Could not begin a new inbox journal segment: {}", e.toString());
            }
            deleteMoved();
        }
    }

    /** Appends the records of every event queued with one write; answers the segment they went to. */
    private List<Long> writeTogether(List<InboxEntry> entries) {
        synchronized (writeLock) {
            try {
                if (segmentSize >= SEGMENT_BYTES) {
                    openSegment(segment + 1);
                }
                ByteBuffer[] buffers = entries.stream().map(InboxJournal::encode).toArray(ByteBuffer[]::new);
                long bytes = 0;
                for (ByteBuffer b : buffers) {
                    bytes += b.remaining();
                }
                long written = 0;
                while (written < bytes) {
                    written += channel.write(buffers);
                }
                if (force) {
                    channel.force(false);
                }
                segmentSize += bytes;
                appended.addAndGet(entries.size());
                writeLock.notifyAll();
                return Collections.nCopies(entries.size(), segment);
            } catch (IOException e) {
                // The file may now end in a partial record: later records would follow it unread, so begin a new segment.
                try {
                    openSegment(segment + 1);
                } catch (IOException again) {
                    log.error("Cannot open a new inbox journal segment: {}", again.toString());
                }
                throw new UncheckedIOException("Could not write the inbox journal in " + folder, e);
            }
        }
    }

    /** Decodes the records from {@code at} up to {@code end} (whole records, known to be written), at most {@code max}. */
    private Batch read(Position at, long end, int max) {
        try {
            if (readerSegment != at.segment()) {
                closeReader();
                reader = FileChannel.open(file(at.segment()), StandardOpenOption.READ);
                readerSegment = at.segment();
            }
            ByteBuffer bytes = readFully(at.offset(), (int) Math.min(end - at.offset(), READ_BYTES));
            List<InboxEntry> entries = decodeAtMost(bytes, max);
            if (entries.isEmpty() && bytes.remaining() >= 8) {
                long whole = 8L + bytes.getInt(0);
                if (whole > bytes.remaining() && at.offset() + whole <= end) { // one record longer than a read
                    bytes = readFully(at.offset(), (int) whole);
                    entries = decodeAtMost(bytes, max);
                }
            }
            if (entries.isEmpty()) {
                // Written whole by this process, yet unreadable: damaged since. Skipped, as recovery would skip it.
                log.error("Inbox journal {} is damaged from byte {}; {} byte(s) skipped", file(at.segment()).getFileName(),
                        at.offset(), end - at.offset());
                readAt = new Position(at.segment(), end);
                return new Batch(List.of(), at, readAt);
            }
            readAt = new Position(at.segment(), at.offset() + bytes.position());
            return new Batch(entries, at, readAt);
        } catch (IOException e) {
            closeReader();
            throw new UncheckedIOException("Could not read the inbox journal in " + folder, e);
        }
    }

    private ByteBuffer readFully(long offset, int length) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(length);
        while (bytes.hasRemaining()) {
            if (reader.read(bytes, offset + bytes.position()) < 0) {
                throw new IOException("The inbox journal ended before its last record");
            }
        }
        return bytes.flip();
    }

    private static List<InboxEntry> decodeAtMost(ByteBuffer bytes, int max) {
        List<InboxEntry> entries = new ArrayList<>();
        for (Optional<InboxEntry> e; entries.size() < max && (e = decode(bytes)).isPresent(); ) {
            entries.add(e.get());
        }
        return entries;
    }

    private void closeReader() {
        if (reader != null) {
            try {
                reader.close();
            } catch (IOException e) {
                log.debug("Closing an inbox journal segment read back: {}", e.toString());
            }
            reader = null;
            readerSegment = -1;
        }
    }

    /** One record, in one buffer: a body built apart and copied behind its header doubled the bytes per request. */
    private static ByteBuffer encode(InboxEntry e) {
        byte[][] strings = {bytes(e.id()), bytes(e.type()), bytes(e.destination()), bytes(e.payload())};
        int length = 1 + 8 + 4;
        for (byte[] s : strings) {
            length += 4 + (s == null ? 0 : s.length);
        }
        ByteBuffer record = ByteBuffer.allocate(8 + length).position(8);
        for (byte[] s : strings) {
            record.putInt(s == null ? -1 : s.length);
            if (s != null) {
                record.put(s);
            }
        }
        record.put((byte) (e.redelivery() ? 1 : 0)).putLong(e.receivedAt().getEpochSecond()).putInt(e.receivedAt().getNano());
        CRC32 crc = new CRC32();
        crc.update(record.array(), 8, length);
        record.putInt(0, length).putInt(4, (int) crc.getValue());
        return record.flip();
    }

    private static byte[] bytes(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    /** Reads one record at the buffer's position; empty (position unchanged) when the rest is short or damaged. */
    static Optional<InboxEntry> decode(ByteBuffer in) {
        int start = in.position();
        try {
            if (in.remaining() < 8) {
                return Optional.empty();
            }
            int length = in.getInt();
            int crc = in.getInt();
            if (length < 13 || length > in.remaining()) {
                in.position(start);
                return Optional.empty();
            }
            ByteBuffer body = in.slice(in.position(), length);
            CRC32 check = new CRC32();
            check.update(body.duplicate());
            if ((int) check.getValue() != crc) {
                in.position(start);
                return Optional.empty();
            }
            in.position(in.position() + length);
            String id = string(body);
            String type = string(body);
            String destination = string(body);
            String payload = string(body);
            boolean redelivery = body.get() == 1;
            Instant receivedAt = Instant.ofEpochSecond(body.getLong(), body.getInt());
            return Optional.of(InboxEntry.accepted(id, type, destination, payload, redelivery, receivedAt));
        } catch (RuntimeException damaged) {
            in.position(start);
            return Optional.empty();
        }
    }

    private static String string(ByteBuffer body) {
        int length = body.getInt();
        if (length < 0) {
            return null;
        }
        byte[] bytes = new byte[length];
        body.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Finds what a crash left in the journal (to be moved first), drops damaged tails, and opens a new segment. */
    private void recover() {
        try {
            Files.createDirectories(folder);
            List<Long> segments;
            try (Stream<Path> files = Files.list(folder)) {
                segments = files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(PREFIX) && n.endsWith(SUFFIX))
                        .map(n -> Long.parseLong(n.substring(PREFIX.length(), n.length() - SUFFIX.length()))).sorted().toList();
            }
            long recovered = 0;
            for (long s : segments) {
                ByteBuffer data = ByteBuffer.wrap(Files.readAllBytes(file(s)));
                long count = 0;
                while (decode(data).isPresent()) {
                    count++;
                }
                if (data.hasRemaining()) {
                    log.warn("Inbox journal {} ends in {} bytes of a record cut short (never acknowledged); ignored",
                            file(s).getFileName(), data.remaining());
                }
                if (count == 0) {
                    delete(s);
                } else {
                    closed.put(s, (long) data.position()); // read up to the damage, never past it
                    recovered += count;
                }
            }
            if (recovered > 0) {
                log.info("{} event(s) acknowledged before the last stop are moved from the journal into the inbox", recovered);
            }
            appended.set(recovered);
            long next = segments.isEmpty() ? 1 : segments.get(segments.size() - 1) + 1;
            readAt = new Position(closed.isEmpty() ? next : closed.firstKey(), 0);
            movedTo = readAt;
            openSegment(next);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the inbox journal in " + folder, e);
        }
    }

    /** Closes the current segment (its whole records are what is read back of it) and begins a new one. */
    private void openSegment(long number) throws IOException {
        if (channel != null) {
            channel.close();
            closed.put(segment, segmentSize);
        }
        segment = number;
        channel = FileChannel.open(file(number), StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        segmentSize = channel.size();
    }

    /** Deletes the closed segments wholly moved. Under the write lock. */
    private void deleteMoved() {
        Position to = movedTo;
        for (Map.Entry<Long, Long> e : new ArrayList<>(closed.headMap(to.segment(), true).entrySet())) {
            if (e.getKey() < to.segment() || to.offset() >= e.getValue()) {
                delete(e.getKey());
            }
        }
    }

    private void delete(long number) {
        try {
            Files.deleteIfExists(file(number));
            closed.remove(number);
        } catch (IOException e) {
            log.warn("Could not delete the moved inbox journal segment {}: {}", file(number), e.toString());
        }
    }

    private Path file(long number) {
        return folder.resolve(PREFIX + "%012d".formatted(number) + SUFFIX);
    }

    /** Closes the current segment: deleted if everything in it was moved, else read again at the next start. */
    void close() {
        synchronized (writeLock) {
            try {
                if (channel != null) {
                    channel.close();
                    channel = null;
                    Position to = movedTo;
                    if (segmentSize == 0 || (to.segment() == segment && to.offset() >= segmentSize)) {
                        Files.deleteIfExists(file(segment));
                    }
                }
            } catch (IOException e) {
                log.warn("Closing the inbox journal: {}", e.toString());
            }
        }
        closeReader();
    }
}
