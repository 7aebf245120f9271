package sanphalang.bench;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.bson.Document;

/**
 * What one full read of the inbox costs on the embedded store (the bot's own backend, its default 16 MB cache), over
 * N handled entries stored with and without the payload LINE sent: the workers' sweep (nothing due, so every entry is
 * read) and the backlog gauge's count (ids streamed). The backend is the bot's {@code EmbeddedH2Backend} (documents
 * stored as BSON), opened as the bot opens it ({@link BotStore}).
 * Each case in a fresh file; 3 reads to warm up, then 7 measured; the median is reported.
 */
public final class InboxScanBench {

    private static final String PAYLOAD = """
            {"type":"message","message":{"type":"text","id":"468789577898262530","quoteToken":"q3Plxr4AgKd_example_token_of_line",\
            "text":"ผลิต ๒๐๐ ห่อ ขายได้ ๑๕๐ ได้เงิน ๓,๗๕๐ บาท วันนี้แดดดี กล้วยตากแห้งเร็ว"},\
            "webhookEventId":"01H810YECXQQZ37VAXPF6H9E6T","deliveryContext":{"isRedelivery":false},"timestamp":1692251666727,\
            "source":{"type":"group","groupId":"Ca56f94637c00000000000000000000001","userId":"U4af49806290000000000000000000000a"},\
            "replyToken":"38ef843bde154d9b91c21320ffd17a0f","mode":"active"}""";

    public static void main(String[] args) throws Exception {
        Path dir = BenchData.tempDir("inbox-scan-bench");
        System.out.println("| handled entries | payload kept | sweep, wall (ms) | sweep, process CPU (ms) | count, wall (ms) | count, process CPU (ms) | sweep µs per entry |");
        System.out.println("| ---: | --- | ---: | ---: | ---: | ---: | ---: |");
        for (String n : System.getProperty("bench.entries", "100000,300000").split(",")) {
            for (boolean payload : new boolean[] {true, false}) {
                run(dir, Integer.parseInt(n), payload);
            }
        }
        Files.delete(dir);
    }

    private static void run(Path dir, int entries, boolean payload) throws Exception {
        File file = dir.resolve("scan-" + entries + "-" + payload + ".mv.db").toFile();
        H2Backend backend = BotStore.backend(file.toPath());
        MongoServer server = new MongoServer(backend);
        InetSocketAddress address = server.bind();
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + address.getPort())) {
            MongoCollection<Document> inbox = client.getDatabase("sanphalang").getCollection("inbox");
            Date now = new Date();
            List<Document> batch = new ArrayList<>();
            for (int i = 0; i < entries; i++) {
                // An entry as Inbox.done leaves it (with the payload: as versions before session 16 did).
                Document d = new Document("_id", UUID.randomUUID().toString()).append("type", "message")
                        .append("destination", "U0123456789abcdef0123456789abcdef");
                if (payload) {
                    d.append("payload", PAYLOAD);
                }
                d.append("redelivery", false).append("receivedAt", now).append("status", "DONE").append("attempts", 1)
                        .append("dueAt", now).append("doneAt", now).append("_class", "org.sanphalang.webhook.internal.InboxEntry");
                batch.add(d);
                if (batch.size() == 1_000) {
                    inbox.insertMany(batch);
                    batch.clear();
                }
            }
            if (!batch.isEmpty()) {
                inbox.insertMany(batch);
            }
            backend.getMvStore().commit();
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            int measured = 7;
            double[] sweepWall = new double[measured], sweepCpu = new double[measured], countWall = new double[measured], countCpu = new double[measured];
            for (int r = -3; r < measured; r++) {
                long cpu0 = os.getProcessCpuTime();
                long t0 = System.nanoTime();
                int found = inbox.find(Filters.or(Filters.and(Filters.eq("status", "PENDING"), Filters.lte("dueAt", now)),
                                Filters.and(Filters.eq("status", "PROCESSING"), Filters.lt("leaseUntil", now))))
                        .projection(Projections.include("_id", "status", "attempts")).limit(2_000).into(new ArrayList<>()).size();
                long cpu1 = os.getProcessCpuTime();
                long t1 = System.nanoTime();
                long counted = 0;
                for (Document ignored : inbox.find(Filters.in("status", "PENDING", "PROCESSING")).projection(Projections.include("_id"))
                        .batchSize(5_000)) {
                    counted++;
                }
                long cpu2 = os.getProcessCpuTime();
                long t2 = System.nanoTime();
                if (found != 0 || counted != 0) {
                    throw new IllegalStateException("expected nothing due, found " + found + " / " + counted);
                }
                if (r >= 0) {
                    sweepWall[r] = (t1 - t0) / 1e6;
                    sweepCpu[r] = (cpu1 - cpu0) / 1e6;
                    countWall[r] = (t2 - t1) / 1e6;
                    countCpu[r] = (cpu2 - cpu1) / 1e6;
                }
            }
            System.out.printf("| %,d | %s | %.0f | %.0f | %.0f | %.0f | %.2f |%n", entries, payload ? "yes" : "no",
                    median(sweepWall), median(sweepCpu), median(countWall), median(countCpu),
                    median(sweepWall) * 1000 / entries);
        } finally {
            server.shutdownNow();
            file.delete();
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
