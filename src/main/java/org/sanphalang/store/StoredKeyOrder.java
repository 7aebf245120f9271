package org.sanphalang.store;

import java.nio.ByteBuffer;
import java.util.Arrays;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.bson.ObjectId;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.ObjectDataType;

/**
 * The key type of the embedded H2 store's maps — each collection's documents by {@code _id}, and each unique index:
 * H2's own {@link ObjectDataType} (same bytes on disk, same order) with two fixes.
 * <p>
 * Speed: mongo-java-server keys each unique index by its {@link KeyValue}, which is not {@code Comparable}, so H2 orders
 * keys by their Java serialisation and serialises <em>both</em> keys at every step of every B-tree search. That was
 * the largest single cost of the outbox's and inbox's lookups by {@code _id} (bench/RESULTS.md, session 5). Two keys
 * of one value each, both strings or both ObjectIds, serialise to the same bytes up to that value (the stream header,
 * the KeyValue and ArrayList descriptors, the list's size), so the serialised order there is the value's own bytes':
 * <ul>
 * <li>a string is written as its modified UTF-8 length (2 bytes, big-endian) and then those bytes
 * ({@code DataOutput.writeUTF}): shorter first, then byte by byte, unsigned;</li>
 * <li>an ObjectId is its 12-byte array: byte by byte, unsigned.</li>
 * </ul>
 * Other keys (numbers, several fields, a string longer than 65,535 bytes in UTF-8) are serialised and compared as
 * H2 does. {@code StoredKeyOrderTest} checks the sign against H2's own compare for many random keys. Keys of one string
 * are also written and read without Java's object streams ({@link SerializedStringKey}), to the same bytes.
 * <p>
 * Thread safety: ObjectDataType caches the type of the last object it saw in a plain field, which H2's writer thread
 * changes while a request reads or compares keys with the same object; with keys of two types in one map, a compare
 * could pick up a different type between its two lookups and fail ("Can not compare" — seen in a full test run on
 * the stock backend, and reproduced by {@code StoredKeyOrderTest}); by H2's code (its {@code newType} reads the field
 * twice) a read could also, rarely, use the wrong type — not reproduced. Here nothing uses this object's own cache:
 * pairs of KeyValues, strings or ObjectIds are compared directly, and everything else goes to an ObjectDataType of
 * the calling thread's own ({@link #H2}), which writes and reads the same bytes.
 */
final class StoredKeyOrder extends ObjectDataType {

    /** H2's type, one per thread: its cache of the last type seen is then never changed under a caller. */
    static final ThreadLocal<ObjectDataType> H2 = ThreadLocal.withInitial(ObjectDataType::new);

    /** Strings up to this many chars are at most 65,535 bytes in modified UTF-8, so written with a 2-byte length. */
    private static final int SHORT_STRING_CHARS = 0xFFFF / 3;

    @Override
    public int compare(Object a, Object b) {
        if (a == b) {
            return 0;
        }
        if (a instanceof KeyValue x && b instanceof KeyValue y) {
            String s = shortString(x);
            String t = shortString(y);
            if (s != null && t != null) {
                return compareUtf(s, t);
            }
            if (x.size() == 1 && y.size() == 1 && x.get(0) instanceof ObjectId p && y.get(0) instanceof ObjectId q) {
                return Integer.signum(Arrays.compareUnsigned(p.toByteArray(), q.toByteArray()));
            }
            return compareNotNull(serialize(x), serialize(y)); // what H2 does for two objects that are not Comparable
        }
        // A collection's own keys: H2 compares strings, and objects of one Comparable class, with compareTo.
        if (a instanceof String s && b instanceof String t) {
            return s.compareTo(t);
        }
        if (a instanceof ObjectId p && b instanceof ObjectId q) {
            return p.compareTo(q);
        }
        return H2.get().compare(a, b);
    }

    /**
     * H2's binary search over a page's keys ({@code BasicDataType.binarySearch}), with the same steps and result, but
     * for a key of one string each compare skips what the keys around it are known to share with it.
     * <p>
     * A work collection's keys share most of their start ({@code broadcast:<id>:<group>}, 48 chars before the group), and
     * each compare read that start again, twice per char: under C1 the index's compares were 11 % of the bot's CPU
     * samples in a broadcast (bench/RESULTS.md, session 26). Once the search has a key on either side of what is left
     * of the page, both as long in bytes as the searched key, every key between them is that long too (the order is by
     * length first) and lies between them byte for byte, so it starts with the chars both share with the searched key;
     * its compare starts there and ends at the first char that differs, without the length's count over the rest.
     */
    @Override
    public int binarySearch(Object key, Object storage, int size, int initialGuess) {
        String s = shortString(key);
        if (s == null) {
            return super.binarySearch(key, storage, size, initialGuess);
        }
        Object[] keys = (Object[]) storage;
        int low = 0;
        int high = size - 1;
        int x = initialGuess - 1; // H2's cached index of the page's last search, plus one (0: none)
        if (x < 0 || x > high) {
            x = high >>> 1;
        }
        // The chars the keys just below low and just above high share with s, if as long in bytes as s; else -1.
        int lowShared = -1;
        int highShared = -1;
        while (low <= high) {
            String t = shortString(keys[x]);
            int compare;
            int shared;
            if (t == null) {
                compare = compare(key, keys[x]);
                shared = -1;
            } else {
                long found = compareFrom(s, t, lowShared >= 0 && highShared >= 0 ? Math.min(lowShared, highShared) : -1);
                compare = (int) (found >> 32);
                shared = (int) found;
            }
            if (compare > 0) {
                low = x + 1;
                lowShared = shared;
            } else if (compare < 0) {
                high = x - 1;
                highShared = shared;
            } else {
                return x;
            }
            x = (low + high) >>> 1;
        }
        return ~low;
    }

    @Override
    public int getMemory(Object obj) {
        String s = SerializedStringKey.stringOf(obj);
        return s != null ? SerializedStringKey.memory(s) : H2.get().getMemory(obj);
    }

    // A unique index's key of one string is written and read without Java's object streams, to the same bytes.
    @Override
    public void write(WriteBuffer buff, Object obj) {
        if (!SerializedStringKey.write(buff, obj)) {
            H2.get().write(buff, obj);
        }
    }

    @Override
    public Object read(ByteBuffer buff) {
        Object key = SerializedStringKey.read(buff);
        return key != null ? key : H2.get().read(buff);
    }

    /** The key's string if it is a key of one string that {@link #compareUtf} takes (a 2-byte length), else null. */
    private static String shortString(Object key) {
        String s = SerializedStringKey.stringOf(key);
        return s != null && s.length() <= SHORT_STRING_CHARS ? s : null;
    }

    /** The order of the two strings' {@code writeUTF} forms (length first, then the bytes, unsigned), as -1, 0 or 1. */
    static int compareUtf(String s, String t) {
        return Integer.signum((int) (compareFrom(s, t, -1) >> 32));
    }

    /**
     * {@link #compareUtf}, or told where the two strings are known to start alike and to be as long in bytes (by
     * {@link #binarySearch}).
     * <p>
     * One pass, and only past the shared start: equal chars add the same bytes to both lengths, so the lengths differ
     * by what the rest of each string adds. That matters because a work collection's keys share most of their start
     * ({@code broadcast:<id>:<group>}): under C1 (the small-footprint set), reading them char by char three times over
     * was 23 % of the bot's CPU samples in a broadcast, and this 13 % (bench/RESULTS.md, session 21).
     *
     * @param from -1 if nothing is known; else the chars {@code t} shares with {@code s} at least, both being as long
     *             in bytes
     * @return a number of the compare's sign (high half) and, if the two are as long in bytes, the chars they share
     *         (low half; else -1)
     */
    private static long compareFrom(String s, String t, int from) {
        int n = s.length();
        int m = t.length();
        int common = Math.min(n, m);
        int i = Math.max(from, 0);
        while (i < common && s.charAt(i) == t.charAt(i)) {
            i++;
        }
        int lengths = from >= 0 ? 0 : (n - m) + extraBytes(s, i) - extraBytes(t, i);
        if (lengths != 0) {
            return (long) lengths << 32 | 0xFFFFFFFFL;
        }
        // The same bytes in all if no char differs (one being longer would have made it longer in bytes too). Else the
        // first differing char decides: where chars differ, so do their encodings' bytes; the encoding preserves order
        // within one width, and a wider encoding starts with a higher lead byte (0xxxxxxx < 110xxxxx < 1110xxxx) —
        // except U+0000, written as two bytes C0 80, above every one-byte char.
        int compare = i == common ? 0 : rank(s.charAt(i)) - rank(t.charAt(i));
        return (long) compare << 32 | i;
    }

    /** The bytes beyond one per char that modified UTF-8 takes for {@code s} from {@code from} on. */
    private static int extraBytes(String s, int from) {
        int extra = 0;
        for (int i = from, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c == 0 || c > 0x7F) {
                extra += c > 0x7FF ? 2 : 1;
            }
        }
        return extra;
    }

    /**
     * A char's place in the order of modified UTF-8 first bytes, then the bytes after: U+0001–U+007F as themselves,
     * U+0000 (C0 80) after them and before U+0080 (C2 80), and the rest in code unit order.
     */
    private static int rank(char c) {
        if (c == 0) {
            return 0x7F * 2 + 1; // between 0x7F and 0x80 once the one-byte chars are spread out below
        }
        return c <= 0x7F ? c * 2 : c * 2 + 0x100;
    }
}
