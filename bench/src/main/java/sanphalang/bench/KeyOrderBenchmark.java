package sanphalang.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import de.bwaldvogel.mongo.backend.KeyValue;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;
import org.h2.mvstore.type.DataType;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One lookup of the outbox's {@code _id} index as the embedded store does it, on a broadcast's keys: a binary search
 * of 10,000 sorted keys ({@code broadcast:<id>:<group>}) with the store's key order
 * ({@code org.sanphalang.store.StoredKeyOrder}, package-private: made here by reflection), about the 14 compares of
 * a B-tree descent. Run by {@code bench/keyorder.sh}, with C1 only (the small-footprint set) and with the defaults.
 * <p>
 * {@code lookup}: this class's binary search calling the order's compare; {@code h2Search}: H2's own search of a page
 * ({@code BasicDataType.binarySearch}) with the order's compare, what the store did up to session 25; {@code search}:
 * the order's own search of a page, which skips what the keys around the searched one share with it; {@code descent}:
 * a lookup in an H2 map of those keys stored in a file as the embedded store keeps an index (pages of 4 KB as the
 * store counts keys, 9 keys a leaf, 4 levels; a cache that holds them all), where most of a page's few compares come
 * before the search knows a key on both sides. Group ids:
 * {@code sequential} as the fan-out bench makes them (a long run of zeros), or {@code random}, 32 random hex digits as
 * LINE's are.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class KeyOrderBenchmark {

    @Param({"sequential", "random"})
    public String groups;

    private DataType<Object> order;
    /** H2's search with the order's compare and nothing else of it. */
    private DataType<Object> h2;
    private KeyValue[] sorted;
    private KeyValue[] probes;
    private int next;
    private Path file;
    private MVStore store;
    private MVMap<Object, Object> index;

    @Setup
    @SuppressWarnings("unchecked")
    public void keys() throws ReflectiveOperationException, IOException {
        var made = Class.forName("org.sanphalang.store.StoredKeyOrder").getDeclaredConstructor();
        made.setAccessible(true);
        order = (DataType<Object>) made.newInstance();
        h2 = new BasicDataType<>() {
            @Override
            public int compare(Object a, Object b) {
                return order.compare(a, b);
            }

            @Override
            public int getMemory(Object obj) {
                return order.getMemory(obj);
            }

            @Override
            public void write(WriteBuffer buff, Object obj) {
                order.write(buff, obj);
            }

            @Override
            public Object read(ByteBuffer buff) {
                return order.read(buff);
            }

            @Override
            public Object[] createStorage(int size) {
                return new Object[size];
            }
        };
        String broadcast = UUID.nameUUIDFromBytes("session 21".getBytes()).toString();
        List<KeyValue> keys = new ArrayList<>();
        Random random = new Random(21);
        for (int i = 0; i < 10_000; i++) {
            String group = groups.equals("random") ? "C%016x%016x".formatted(random.nextLong(), random.nextLong())
                    : "C%032x".formatted(0xfa000000L + i);
            keys.add(new KeyValue("broadcast:" + broadcast + ":" + group));
        }
        keys.sort(order);
        sorted = keys.toArray(KeyValue[]::new);
        file = Files.createTempFile("keyorder", ".mv");
        // Pages split at 4 KB as the small set's 1 MB cache makes them (H2 splits at a sixteenth of a cache segment, at
        // most 16 KB: 9 keys a leaf, 4 levels, where the defaults' 16 MB cache makes ~33 and 3); the cache holds them all.
        store = new MVStore.Builder().fileName(file.toString()).cacheSize(16).pageSplitSize(4096).open();
        index = store.openMap("index", new MVMap.Builder<Object, Object>().keyType(order));
        for (int i = 0; i < sorted.length; i++) {
            index.put(keys.get(random.nextInt(keys.size())), (long) i); // in no order, as a broadcast's groups come
        }
        for (KeyValue key : sorted) {
            index.put(key, 0L);
        }
        store.commit();
        probes = new KeyValue[4_096];
        for (int i = 0; i < probes.length; i++) {
            // a copy of the stored key, as a query brings it: equal, not the same object
            probes[i] = new KeyValue(new String(((String) sorted[random.nextInt(sorted.length)].get(0)).toCharArray()));
        }
    }

    @TearDown
    public void close() throws IOException {
        store.close();
        Files.deleteIfExists(file);
    }

    @Benchmark
    public int lookup() {
        KeyValue probe = probes[next++ & (probes.length - 1)];
        int low = 0;
        int high = sorted.length - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            int c = order.compare(sorted[mid], probe);
            if (c < 0) {
                low = mid + 1;
            } else if (c > 0) {
                high = mid - 1;
            } else {
                return mid;
            }
        }
        return -1;
    }

    @Benchmark
    public int h2Search() {
        return h2.binarySearch(probes[next++ & (probes.length - 1)], sorted, sorted.length, 0);
    }

    @Benchmark
    public int search() {
        return order.binarySearch(probes[next++ & (probes.length - 1)], sorted, sorted.length, 0);
    }

    @Benchmark
    public Object descent() {
        return index.get(probes[next++ & (probes.length - 1)]);
    }
}
