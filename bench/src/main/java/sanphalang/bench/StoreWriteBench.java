package sanphalang.bench;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.security.MessageDigest;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.bson.Document;

/**
 * The embedded store's own work for a broadcast, without the bot around it: {@code bench.entries} (10,000) outbox
 * entries shaped as a broadcast stores them (a ~2 KB Flex card each), inserted in batches of 500, then leased and
 * settled in groups of 128 as the dispatcher's grouped writes reach the store ({@code _id $in}: the states compared are
 * remembered in the bot, {@code EmbeddedQueries}; with status and attempts in the query mongo-java-server reads the
 * whole collection for each group).
 * The bot's backend ({@link BotStore}, its 16 MB cache) through the MongoDB driver in this JVM. {@code bench.rounds}
 * rounds (first 3 to warm up), each on a fresh collection; the process CPU per entry of each step, median of the
 * measured rounds. For comparing two builds of the store in alternating runs: it leaves out the bot's senders, HTTP
 * and rate limit, so a change of a few per cent in the store's cost is not lost in the VM's drift.
 * {@code bench.card=ref}: each entry names its card ({@code contentId}, as the bot stores a broadcast's entries since
 * session 23) instead of carrying it; the default {@code full} carries it, as before.
 * {@code bench.lease=held}: no lease is written, and the settle writes the lease's changes with its own, as the bot does
 * on the embedded store since session 24 ({@code EmbeddedQueries.leaseAll}); the default {@code written} writes both.
 */
public final class StoreWriteBench {

    private static final int INSERT_BATCH = 500;
    private static final int GROUP = 128;

    public static void main(String[] args) throws Exception {
        int entries = Integer.getInteger("bench.entries", 10_000);
        int rounds = Integer.getInteger("bench.rounds", 10);
        if (rounds < 4) {
            throw new IllegalArgumentException("bench.rounds: at least 4 (the first 3 warm up), not " + rounds);
        }
        boolean named = "ref".equals(System.getProperty("bench.card", "full"));
        boolean held = "held".equals(System.getProperty("bench.lease", "written"));
        String card = card();
        // as the bot names it: the SHA-256 of the card, in hex
        String contentId = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(card.getBytes(StandardCharsets.UTF_8)));
        Path dir = BenchData.tempDir("store-write-bench");
        H2Backend backend = BotStore.backend(dir.resolve("sanphalang.mv"));
        MongoServer server = new MongoServer(backend);
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        List<double[]> measured = new ArrayList<>();
        try (MongoClient client = MongoClients.create(server.bindAndGetConnectionString())) {
            for (int r = 0; r < rounds; r++) {
                MongoCollection<Document> outbox = client.getDatabase("sanphalang").getCollection("outbox" + r);
                Date now = new Date();
                List<String> ids = new ArrayList<>(entries);
                String broadcast = UUID.randomUUID().toString();
                for (int i = 0; i < entries; i++) {
                    ids.add("broadcast:" + broadcast + ":C%032x".formatted(0x5000000L + i));
                }
                long c0 = os.getProcessCpuTime();
                for (int from = 0; from < entries; from += INSERT_BATCH) {
                    List<Document> batch = new ArrayList<>(INSERT_BATCH);
                    for (String id : ids.subList(from, Math.min(entries, from + INSERT_BATCH))) {
                        batch.add(new Document("_id", id).append("retryKey", UUID.randomUUID().toString())
                                .append("to", id.substring(id.lastIndexOf(':') + 1)).append(named ? "contentId" : "messages", named ? contentId : card).append("messageCount", 1)
                                .append("purpose", "broadcast").append("status", "PENDING").append("reply", "NONE").append("attempts", 0)
                                .append("createdAt", now).append("dueAt", now).append("kind", "PUSH")
                                .append("_class", "org.sanphalang.outbound.internal.OutboxEntry"));
                    }
                    outbox.insertMany(batch);
                }
                long c1 = os.getProcessCpuTime();
                long leased = held ? entries : 0;
                for (int from = 0; !held && from < entries; from += GROUP) {
                    List<String> group = ids.subList(from, Math.min(entries, from + GROUP));
                    leased += outbox.updateMany(Filters.in("_id", group),
                            Updates.combine(Updates.set("status", "SENDING"), Updates.set("leaseUntil", now), Updates.inc("attempts", 1),
                                    Updates.min("firstPushAt", now))).getModifiedCount();
                }
                long c2 = os.getProcessCpuTime();
                long settled = 0;
                for (int from = 0; from < entries; from += GROUP) {
                    List<String> group = ids.subList(from, Math.min(entries, from + GROUP));
                    List<org.bson.conversions.Bson> settle = new ArrayList<>(List.of(Updates.set("status", "SENT"), Updates.set("via", "push"),
                            Updates.set("sentAt", now), Updates.unset("leaseUntil"), Updates.unset("replyToken"), Updates.unset("messages"),
                            Updates.unset("contentId")));
                    if (held) {
                        // the lease's own changes that the settle leaves standing (EmbeddedQueries.then)
                        settle.add(Updates.inc("attempts", 1));
                        settle.add(Updates.min("firstPushAt", now));
                    }
                    settled += outbox.updateMany(Filters.in("_id", group), Updates.combine(settle)).getModifiedCount();
                }
                long c3 = os.getProcessCpuTime();
                backend.getMvStore().commit();
                if (leased != entries || settled != entries) {
                    throw new IllegalStateException("leased " + leased + ", settled " + settled + " of " + entries);
                }
                double[] perEntry = {(c1 - c0) / 1e3 / entries, (c2 - c1) / 1e3 / entries, (c3 - c2) / 1e3 / entries, (c3 - c0) / 1e3 / entries};
                System.out.printf("round %d: insert %.1f, lease %.1f, settle %.1f, all %.1f µs of CPU per entry%n", r + 1,
                        perEntry[0], perEntry[1], perEntry[2], perEntry[3]);
                if (r >= 3) {
                    measured.add(perEntry);
                }
            }
        } finally {
            server.shutdownNow();
        }
        System.out.printf("| %,d | %d | %.1f | %.1f | %.1f | %.1f |%n", entries, measured.size(), median(measured, 0), median(measured, 1),
                median(measured, 2), median(measured, 3));
    }

    /** A broadcast card of about 2 KB, Thai and JSON as the outbox stores it. */
    private static String card() {
        StringBuilder json = new StringBuilder("[{\"type\":\"flex\",\"altText\":\"ข่าวจากสำนักงานพัฒนาชุมชนอำเภอแม่พริก\",\"contents\":{\"type\":\"bubble\",\"body\":{\"type\":\"box\",\"layout\":\"vertical\",\"contents\":[");
        for (int i = 0; i < 8; i++) {
            json.append(i == 0 ? "" : ",").append("{\"type\":\"text\",\"text\":\"ขอเชิญกลุ่มผู้ผลิตข้าวแต๋นและกล้วยตากร่วมอบรมบรรจุภัณฑ์ใหม่ ครั้งที่ ")
                    .append(i + 1).append("\",\"wrap\":true,\"size\":\"sm\",\"color\":\"#333333\"}");
        }
        return json.append("]}}}]").toString();
    }

    private static double median(List<double[]> rows, int column) {
        double[] values = rows.stream().mapToDouble(row -> row[column]).toArray();
        Arrays.sort(values);
        return values[values.length / 2];
    }
}
