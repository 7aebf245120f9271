package org.sanphalang.store;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import de.bwaldvogel.mongo.backend.KeyValue;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.ObjectDataType;

/**
 * A unique index's key of one string — a {@link KeyValue} of one {@code String}, which H2 stores Java-serialised — written
 * and read byte for byte as H2 does, without Java's object streams.
 * <p>
 * Why: H2 reads such a key with a new {@code ObjectInputStream} each, which resolves both classes and builds the key and
 * its list by reflection. With the small page cache, an index page is often read back between a push's insert and its
 * settle, and those reads were 7 % of the bot's CPU samples in a 10,000-group broadcast (bench/RESULTS.md, session 26).
 * <p>
 * How: every such key serialises to the same bytes before and after its string — the stream header, both class
 * descriptors, the list's size — and the string in between as {@code TC_STRING}, a 2-byte length and modified UTF-8.
 * Those fixed bytes are taken from Java's own serialisation of a key once, at class load, and checked against two more
 * keys; if the libraries ever serialise differently, the fixed bytes are not found and every key goes through H2 as
 * before. A stored key that does not match them byte for byte (another shape, a long string) is read by H2 as well.
 */
final class SerializedStringKey {

    /** H2's tag before a Java-serialised object ({@code ObjectDataType.TYPE_SERIALIZED_OBJECT}). */
    private static final byte SERIALIZED = 19;
    /** Java serialisation's tag of a string up to 65,535 bytes of modified UTF-8 (longer ones are tagged otherwise). */
    private static final byte TC_STRING = 0x74;
    private static final int MAX_UTF = 0xFFFF;
    /** A string no other key has, to find where the string sits in the serialised form. */
    private static final String MARK = "sanphalang:serialised-key-mark";

    /** The serialised form's bytes before the string's {@code TC_STRING}, and after its last byte; null: not found. */
    private static final byte[] BEFORE;
    private static final byte[] AFTER;

    static {
        byte[][] parts = fixedParts();
        BEFORE = parts == null ? null : parts[0];
        AFTER = parts == null ? null : parts[1];
    }

    private SerializedStringKey() {
    }

    /** Whether the fixed bytes were found: if not, every key is written and read by H2 itself. */
    static boolean enabled() {
        return BEFORE != null;
    }

    /** The key's string if it is a key of one string, else null. */
    static String stringOf(Object key) {
        return key instanceof KeyValue k && k.size() == 1 && k.get(0) instanceof String s ? s : null;
    }

    /**
     * The key's size in the heap, for H2's page cache and page splits: the string as H2 counts a string key, plus the
     * key, its list and the list's array (~250 bytes for a broadcast's key).
     * <p>
     * H2 counts a serialised key at twice its serialised length, averaged per thread over the keys that thread has
     * read or written, from 10,000 bytes at the start, and this class leaves those averages at 10,000. It matters
     * twice over. H2 splits a page once its count passes 4 KB: a thread that inserted keys without having serialised
     * many split every leaf of the index down to one key (20,000 inserts: 20,000 leaves, 12 levels deep; now ~11 keys a
     * leaf, 4 levels). And the page cache let such pages go long before their size called for: with the 1 MB cache
     * of the small-footprint set, 20,000 inserts read 201,600 pages back from the file, 36,500 with this count
     * (bench/RESULTS.md, session 26). The cache now holds as many bytes as it is set to, and the store's unsaved
     * changes, counted the same way, fill the write buffer later.
     */
    static int memory(String s) {
        return 24 + 2 * s.length() + 64;
    }

    /**
     * Writes the key as H2 would ({@code ObjectDataType.write}: tag, length, Java serialisation).
     *
     * @return false, having written nothing, unless the key is of one string that fits {@code TC_STRING}
     */
    static boolean write(WriteBuffer buff, Object key) {
        String s = stringOf(key);
        if (BEFORE == null || s == null || s.length() > MAX_UTF) {
            return false;
        }
        byte[] utf = modifiedUtf8(s);
        if (utf == null) {
            return false;
        }
        buff.put(SERIALIZED).putVarInt(BEFORE.length + 3 + utf.length + AFTER.length).put(BEFORE).put(TC_STRING)
                .putShort((short) utf.length).put(utf).put(AFTER);
        return true;
    }

    /**
     * Reads a key of one string written as H2 writes it.
     *
     * @return the key, with the buffer past it; null, with the buffer where it was, if what is there is anything else
     */
    static KeyValue read(ByteBuffer buff) {
        int start = buff.position();
        if (BEFORE == null || !buff.hasArray() || buff.remaining() < 2 || buff.get(start) != SERIALIZED) {
            return null;
        }
        buff.position(start + 1);
        int length = DataUtils.readVarInt(buff);
        int body = buff.position();
        int utfLength = length - BEFORE.length - 3 - AFTER.length;
        byte[] bytes = buff.array();
        int at = buff.arrayOffset() + body;
        int string = at + BEFORE.length + 3;
        int after = string + utfLength;
        if (utfLength < 0 || buff.remaining() < length
                || !Arrays.equals(bytes, at, at + BEFORE.length, BEFORE, 0, BEFORE.length)
                || bytes[at + BEFORE.length] != TC_STRING
                || ((bytes[at + BEFORE.length + 1] & 0xFF) << 8 | (bytes[at + BEFORE.length + 2] & 0xFF)) != utfLength
                || !Arrays.equals(bytes, after, after + AFTER.length, AFTER, 0, AFTER.length)) {
            buff.position(start);
            return null;
        }
        String s = fromModifiedUtf8(bytes, string - 2, utfLength);
        if (s == null) {
            buff.position(start); // not valid modified UTF-8: H2's own read reports it as it always has
            return null;
        }
        buff.position(body + length);
        return new KeyValue(s);
    }

    /** The string's modified UTF-8 ({@code DataOutput.writeUTF} without its length); null if over 65,535 bytes. */
    private static byte[] modifiedUtf8(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length() + 2);
        try {
            new DataOutputStream(out).writeUTF(s);
        } catch (IOException tooLong) {
            return null;
        }
        return Arrays.copyOfRange(out.toByteArray(), 2, out.size());
    }

    /** The string whose 2-byte length and modified UTF-8 start at {@code from}; null if it is not valid. */
    private static String fromModifiedUtf8(byte[] bytes, int from, int utfLength) {
        int first = from + 2;
        boolean ascii = true;
        for (int i = first, end = first + utfLength; i < end; i++) {
            if (bytes[i] < 0) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            return new String(bytes, first, utfLength, StandardCharsets.ISO_8859_1);
        }
        try {
            return DataInputStream.readUTF(new DataInputStream(new ByteArrayInputStream(bytes, from, utfLength + 2)));
        } catch (IOException malformed) {
            return null;
        }
    }

    /** The bytes around the string in Java's serialisation of a key, checked on two other strings; null if not so. */
    private static byte[][] fixedParts() {
        byte[] marked = ObjectDataType.serialize(new KeyValue(MARK));
        byte[] tagged = new byte[3 + MARK.length()];
        tagged[0] = TC_STRING;
        tagged[2] = (byte) MARK.length();
        System.arraycopy(MARK.getBytes(StandardCharsets.US_ASCII), 0, tagged, 3, MARK.length());
        int at = indexOf(marked, tagged);
        if (at < 0 || indexOf(Arrays.copyOfRange(marked, at + 1, marked.length), tagged) >= 0) {
            return null;
        }
        byte[] before = Arrays.copyOfRange(marked, 0, at);
        byte[] after = Arrays.copyOfRange(marked, at + tagged.length, marked.length);
        for (String other : new String[] {"", "ข้าว\u0000\ud83c\udf4c"}) {
            byte[] utf = modifiedUtf8(other);
            ByteBuffer expected = ByteBuffer.allocate(before.length + 3 + utf.length + after.length)
                    .put(before).put(TC_STRING).putShort((short) utf.length).put(utf).put(after);
            if (!Arrays.equals(expected.array(), ObjectDataType.serialize(new KeyValue(other)))) {
                return null;
            }
        }
        return new byte[][] {before, after};
    }

    private static int indexOf(byte[] in, byte[] part) {
        outer:
        for (int i = 0; i + part.length <= in.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (in[i + j] != part[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
