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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingDeque;
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

    /** An event in the journal, and the segment holding it. */
    record Journaled(InboxEntry entry, long segment) {
    }

    private final Path folder;
    private final boolean force;
    /** Guards the current segment (channel, number, size) against rotation by the mover and close. */
    private final Object writeLock = new Object();
    private final GroupWrite<InboxEntry, Journaled> appends = new GroupWrite<>(1_000, this::writeTogether);
    private final LinkedBlockingDeque<Journaled> toMove = new LinkedBlockingDeque<>();
    private final Map<Long, AtomicLong> unmoved = new ConcurrentHashMap<>();
    private FileChannel channel;
    private long segment;
    private long segmentSize;

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
    int pending() {
        return toMove.size();
    }

    /**
     * Appends the events and returns once they are in the file (and, with {@code journal-force}, on the disk).
     * A {@link GroupWrite}, as for the inbox: concurrent requests' records go to the file in one write.
     */
    void append(List<InboxEntry> entries) {
        appends.write(entries);
    }

    /** Up to {@code max} events to move, waiting up to {@code wait} for the first. */
    List<Journaled> take(int max, Duration wait) throws InterruptedException {
        List<Journaled> batch = new ArrayList<>();
        Journaled first = toMove.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        if (first == null) {
            return batch;
        }
        batch.add(first);
        toMove.drainTo(batch, max - 1);
        return batch;
    }

    /** The events could not be moved now: they go back to the front, in order, to be tried again. */
    void putBack(List<Journaled> batch) {
        for (int i = batch.size() - 1; i >= 0; i--) {
            toMove.addFirst(batch.get(i));
        }
    }

    /**
     * The events are in the inbox, committed: segments now wholly moved are deleted — the current one too (a new one
     * is begun), so that no record already moved is ever read again at a start, when the inbox may have expired its key.
     */
    void moved(List<Journaled> batch) {
        for (Journaled j : batch) {
            unmoved.get(j.segment()).decrementAndGet();
        }
        synchronized (writeLock) {
            try {
                if (segmentSize > 0 && unmoved.get(segment).get() == 0) {
                    openSegment(segment + 1); // deletes the wholly moved ones, this included
                } else {
                    deleteMovedExcept(segment);
                }
            } catch (IOException e) {
                log.warn("Could not begin a new inbox journal segment: {}", e.toString());
            }
        }
    }

    /** Appends the records of every event queued with one write; the events then wait for the mover. */
    private List<Journaled> writeTogether(List<InboxEntry> entries) {
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
                unmoved.get(segment).addAndGet(entries.size());
                List<Journaled> journaled = entries.stream().map(e -> new Journaled(e, segment)).toList();
                toMove.addAll(journaled);
                return journaled;
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

    private static ByteBuffer encode(InboxEntry e) {
        byte[][] strings = {bytes(e.id()), bytes(e.type()), bytes(e.destination()), bytes(e.payload())};
        int length = 1 + 8 + 4;
        for (byte[] s : strings) {
            length += 4 + (s == null ? 0 : s.length);
        }
        ByteBuffer body = ByteBuffer.allocate(length);
        for (byte[] s : strings) {
            body.putInt(s == null ? -1 : s.length);
            if (s != null) {
                body.put(s);
            }
        }
        body.put((byte) (e.redelivery() ? 1 : 0)).putLong(e.receivedAt().getEpochSecond()).putInt(e.receivedAt().getNano());
        body.flip();
        CRC32 crc = new CRC32();
        crc.update(body.duplicate());
        ByteBuffer record = ByteBuffer.allocate(8 + length);
        record.putInt(length).putInt((int) crc.getValue()).put(body);
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

    /** Queues what a crash left in the journal (to be moved first), drops a damaged tail, and opens a new segment. */
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
                AtomicLong count = unmoved.computeIfAbsent(s, k -> new AtomicLong());
                for (Optional<InboxEntry> e; (e = decode(data)).isPresent(); ) {
                    count.incrementAndGet();
                    toMove.add(new Journaled(e.get(), s));
                    recovered++;
                }
                if (data.hasRemaining()) {
                    log.warn("Inbox journal {} ends in {} bytes of a record cut short (never acknowledged); ignored",
                            file(s).getFileName(), data.remaining());
                }
                if (count.get() == 0) {
                    delete(s);
                }
            }
            if (recovered > 0) {
                log.info("{} event(s) acknowledged before the last stop are moved from the journal into the inbox", recovered);
            }
            openSegment(segments.isEmpty() ? 1 : segments.get(segments.size() - 1) + 1);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the inbox journal in " + folder, e);
        }
    }

    private void openSegment(long number) throws IOException {
        if (channel != null) {
            channel.close();
        }
        segment = number;
        segmentSize = 0;
        unmoved.computeIfAbsent(number, k -> new AtomicLong());
        channel = FileChannel.open(file(number), StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        segmentSize = channel.size();
        deleteMovedExcept(number);
    }

    private void deleteMovedExcept(long current) {
        for (Map.Entry<Long, AtomicLong> e : unmoved.entrySet()) {
            if (e.getKey() != current && e.getValue().get() == 0) {
                delete(e.getKey());
            }
        }
    }

    private void delete(long number) {
        try {
            Files.deleteIfExists(file(number));
            unmoved.remove(number);
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
                }
                AtomicLong left = unmoved.get(segment);
                if (left != null && left.get() == 0) {
                    delete(segment);
                }
            } catch (IOException e) {
                log.warn("Closing the inbox journal: {}", e.toString());
            }
        }
    }
}
