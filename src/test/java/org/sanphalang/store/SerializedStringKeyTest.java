package org.sanphalang.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.bson.ObjectId;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.ObjectDataType;
import org.junit.jupiter.api.Test;

/**
 * A unique index's key of one string is written and read without Java's object streams: the bytes must be H2's own,
 * both ways, or a store written by one could not be read by the other.
 */
class SerializedStringKeyTest {

    final ObjectDataType h2 = new ObjectDataType();
    final StoredKeyOrder stored = new StoredKeyOrder();
    final Random random = new Random(20261207);

    @Test
    void theFixedPartsOfTheSerialisedFormAreFoundSoKeysTakeTheFastWay() {
        // Without them every key would go through H2 and the tests below would pass without testing this class.
        assertThat(SerializedStringKey.enabled()).isTrue();
        WriteBuffer buffer = new WriteBuffer();
        assertThat(SerializedStringKey.write(buffer, new KeyValue("broadcast:1:C1"))).isTrue();
        assertThat(SerializedStringKey.read(buffer.getBuffer().flip())).isEqualTo(new KeyValue("broadcast:1:C1"));
    }

    @Test
    void writesEveryKeyOfOneStringToTheBytesH2Writes() {
        for (String s : strings()) {
            assertThat(written(stored, new KeyValue(s))).as(() -> describe(s)).isEqualTo(written(h2, new KeyValue(s)));
        }
    }

    @Test
    void readsWhatH2WroteAndH2ReadsWhatThisWrote() {
        for (String s : strings()) {
            KeyValue key = new KeyValue(s);
            assertThat(stored.read(ByteBuffer.wrap(written(h2, key)))).as(() -> describe(s)).isEqualTo(key);
            assertThat(h2.read(ByteBuffer.wrap(written(stored, key)))).as(() -> describe(s)).isEqualTo(key);
        }
    }

    @Test
    void keysOfOtherShapesInARowAreLeftToH2AndReadBackInOrder() {
        // A page stores its keys one after another: a key this class does not take must leave the buffer where it was.
        List<Object> keys = List.of(new KeyValue("a"), new KeyValue(1, 2), new KeyValue("x", "y"), new KeyValue(7L),
                new KeyValue(new ObjectId("65a1f0c2e4b0a1b2c3d4e5f6")), new KeyValue("ก".repeat(21_846)), "plain id",
                new KeyValue(""), 42, new KeyValue("é".repeat(40_000)), new KeyValue("last"));
        WriteBuffer buffer = new WriteBuffer();
        for (Object key : keys) {
            stored.write(buffer, key);
        }
        ByteBuffer read = buffer.getBuffer().flip();
        List<Object> back = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            back.add(stored.read(read));
        }
        assertThat(back).isEqualTo(keys);
        assertThat(read.hasRemaining()).isFalse();
        // ... and those longer than TC_STRING takes are H2's bytes too (it tags them otherwise)
        assertThat(written(stored, new KeyValue("ก".repeat(21_846)))).isEqualTo(written(h2, new KeyValue("ก".repeat(21_846))));
    }

    @Test
    void aStoredKeyWhoseStringIsNotValidIsRefusedAsH2RefusesIt() {
        byte[] bytes = written(h2, new KeyValue("qb"));
        int q = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1).indexOf("qb");
        bytes[q] = (byte) 0xC3; // the lead byte of a two-byte char, followed by 'b', which cannot continue one
        // Whichever reads it, the same error: the key is not turned into some other string.
        assertThatThrownBy(() -> h2.read(ByteBuffer.wrap(bytes.clone()))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> stored.read(ByteBuffer.wrap(bytes.clone()))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void countsAKeyOfOneStringAtItsSizeOnAThreadThatHasReadNoKeyYet() throws Exception {
        // H2 counts a serialised key at a per-thread average that starts at 10,000 bytes: the page cache then let the
        // index's pages go long before their size called for.
        KeyValue key = new KeyValue("broadcast:6f1c2b9e-1d4a-4c1e-9d7e-3f5a2b8c9d0e:C" + "0".repeat(32));
        int h2Counts = CompletableFuture.supplyAsync(() -> new ObjectDataType().getMemory(key)).get();
        int counted = CompletableFuture.supplyAsync(() -> new StoredKeyOrder().getMemory(key)).get();
        assertThat(h2Counts).isEqualTo(10_000);
        assertThat(counted).isBetween(2 * 81, 400);
    }

    /** A string as a failure names it: its length and its first chars as code units (some are not printable). */
    private static String describe(String s) {
        return s.length() + " chars: " + s.chars().limit(12).mapToObj(c -> "U+%04X".formatted(c)).toList();
    }

    private static byte[] written(org.h2.mvstore.type.DataType<Object> type, Object key) {
        WriteBuffer buffer = new WriteBuffer();
        type.write(buffer, key);
        ByteBuffer written = buffer.getBuffer().flip();
        byte[] bytes = new byte[written.remaining()];
        written.get(bytes);
        return bytes;
    }

    /** Strings of every encoding width, NUL and lone surrogates, and at TC_STRING's length limit and just past it. */
    private List<String> strings() {
        List<String> strings = new ArrayList<>(List.of("", "a", "\u0000", "broadcast:6f1c2b9e:C0123", "ข้าวแต๋น", "\ud83c\udf4c",
                "\ud800", "x".repeat(65_535), "x".repeat(65_536), "ก".repeat(21_845), "é".repeat(32_767), "é".repeat(32_768)));
        for (int i = 0; i < 500; i++) {
            strings.add(StoredKeyOrderTest.randomString(random, 90));
        }
        return strings;
    }
}
