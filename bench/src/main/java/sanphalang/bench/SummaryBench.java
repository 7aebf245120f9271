package sanphalang.bench;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.InsertManyOptions;
import de.bwaldvogel.mongo.MongoServer;
import org.bson.Document;
import org.bson.types.Decimal128;
import org.sanphalang.checkin.Period;

/**
 * Weekly summary over many check-ins. Data is written straight into the bot's embedded H2 file (the bot's own
 * backend opened here, {@link BotStore}, written with the MongoDB driver, the bot stopped meanwhile) in the
 * shapes the bot writes: {@code groups} (registered), {@code checkins} and {@code rollups}
 * ({@code _id = groupId|period}, {@code items.<checkInId>} as {@code Rollups.put} writes them, one doc per
 * group per ISO week and per month).
 * <p>
 * Check-ins go to {@code bench.groups} (1,000) groups in turn and, by {@code bench.spread}, over the weeks of 2025:
 * {@code even} spreads them over all 52, so the queried week holds a 52nd of each level (its density grows with the
 * level); {@code fixed} puts {@value #FIXED_WEEK} in the queried week at every level and the rest in the other 51
 * weeks, so only the history grows — what "flat" is about: a summary reads its period's rollups, not the history. For each
 * level of {@code bench.levels} (10k,100k,1M) check-ins: the bot starts (its own JVM, -Xmx256m) and
 * {@code GET /api/v1/summaries/weekly?week=2025-W26} (HTTP Basic, admin) is timed, next to an authenticated
 * request that does almost nothing (404 for an unknown group) — the cost of HTTP Basic (BCrypt) itself.
 */
public final class SummaryBench {

    static final ZoneId ZONE = ZoneId.of("Asia/Bangkok");
    static final String PASSWORD = "bench-admin-password";
    /**
     * The bot's setting for missed schedule firings at its start: recorded as skipped (the default), or run as the bot
     * runs them ({@code bench.missedRuns=run}, to time a start with them). A bot started within 6 hours of a firing
     * (Monday 09:00 Bangkok: the nudge and the escalation) runs them over every seeded group, and their pushes would be
     * counted with the ones measured; before session 23 it did so before it was healthy, past the harness's 2 minutes
     * with 10,000 groups.
     */
    static String missedRuns() {
        return "run".equals(System.getProperty("bench.missedRuns", "skip")) ? "--sanphalang.schedule.grace=6h"
                : "--sanphalang.schedule.grace=0s";
    }
    static final String WEEK = "2025-W26";
    /** Monday of {@link #WEEK}, in weeks after 2025-W01's (Monday 2024-12-30). */
    private static final int WEEK_INDEX = 25;
    /** Check-ins in the queried week with {@code bench.spread=fixed}: five per group of the default 1,000. */
    static final int FIXED_WEEK = 5_000;
    private static final boolean FIXED = System.getProperty("bench.spread", "even").equals("fixed");

    public static void main(String[] args) throws Exception {
        String appCp = System.getProperty("bench.appCp");
        Path out = Path.of(System.getProperty("bench.out", "bench/results"));
        int groups = Integer.getInteger("bench.groups", 1000);
        int requests = Integer.getInteger("bench.requests", 20);
        List<Integer> levels = Arrays.stream(System.getProperty("bench.levels", "10000,100000,1000000").split(","))
                .map(String::trim).map(Integer::parseInt).toList();
        List<String> jvmArgs = List.of(System.getProperty("bench.jvmArgs", "-Xmx256m").split(" "));
        Files.createDirectories(out);
        Path data = BenchData.tempDir("sanphalang-bench-summary");
        Path file = data.resolve("sanphalang.mv");

        StringBuilder md = new StringBuilder("## Weekly summary (" + Instant.now() + ")\n\n");
        md.append(groups).append(" registered groups; check-ins ").append(FIXED
                        ? FIXED_WEEK + " in the queried week at every level, the rest over the other 51 weeks of 2025 (only the history grows)"
                        : "spread evenly over the 52 weeks of 2025 (the queried week holds a 52nd of them)")
                .append("; `GET /api/v1/summaries/weekly?week=")
                .append(WEEK).append("` as admin (HTTP Basic), ").append(requests).append(" sequential requests after 3 warm-up ones. ")
                .append("\"auth only\" is an authenticated request doing almost nothing (GET /api/v1/groups/<unknown>/checkins → 404): ")
                .append("the BCrypt check of HTTP Basic that every API request pays.\n\n")
                .append("| check-ins stored | rollup docs | check-ins in the queried week | data generation (s) | bot start-up (ms) | summary p50 (ms) | summary min (ms) | summary max (ms) | auth only p50 (ms) | summary − auth p50 (ms) | RSS after (MB) |\n")
                .append("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        int stored = 0;
        for (int level : levels) {
            long g0 = System.nanoTime();
            long rollupDocs;
            long inWeek;
            MongoServer server = BotStore.open(file);
            try {
                String uri = server.bindAndGetConnectionString();
                try (MongoClient client = MongoClients.create(uri)) {
                    MongoDatabase db = client.getDatabase("sanphalang");
                    if (stored == 0) {
                        insertGroups(db.getCollection("groups"), groups);
                    }
                    insertCheckIns(db.getCollection("checkins"), stored, level, groups);
                    long[] counts = writeRollups(db.getCollection("rollups"), level, groups);
                    rollupDocs = counts[0];
                    inWeek = counts[1];
                    if (FIXED && inWeek != FIXED_WEEK) {
                        throw new IllegalStateException(inWeek + " check-ins in " + WEEK + ", not " + FIXED_WEEK);
                    }
                }
            } finally {
                server.shutdownNow();
            }
            stored = level;
            double genSeconds = (System.nanoTime() - g0) / 1e9;
            System.out.printf("level %d: generated in %.1f s (%d rollup docs)%n", level, genSeconds, rollupDocs);
            List<String> appArgs = List.of("--sanphalang.line.channel-secret=bench-secret", "--sanphalang.line.channel-token=bench-token",
                    "--sanphalang.line.api-base-url=http://127.0.0.1:9", "--sanphalang.store.data-dir=" + data,
                    "--sanphalang.admin.password=" + PASSWORD, "--sanphalang.webhook.workers=1", "--sanphalang.outbound.workers=1",
                    missedRuns());
            try (JvmProcess bot = JvmProcess.start(appCp, "org.sanphalang.SanphalangApplication", jvmArgs, appArgs,
                    out.resolve("logs/summary-bot-" + level + ".log"))) {
                HttpClient http = HttpClient.newHttpClient();
                String auth = "Basic " + Base64.getEncoder().encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
                URI summary = URI.create(bot.url("/api/v1/summaries/weekly?week=" + WEEK));
                URI authOnly = URI.create(bot.url("/api/v1/groups/Cunknown/checkins"));
                for (int i = 0; i < 3; i++) {
                    HttpResponse<String> r = get(http, summary, auth);
                    if (r.statusCode() != 200) {
                        throw new IllegalStateException("summary answered " + r.statusCode() + ": " + r.body());
                    }
                    if (i == 0) {
                        int rows = r.body().split("\"lineGroupId\"").length - 1;
                        System.out.println("summary rows: " + rows);
                    }
                    get(http, authOnly, auth);
                }
                double[] s = new double[requests];
                double[] a = new double[requests];
                for (int i = 0; i < requests; i++) {
                    long t0 = System.nanoTime();
                    get(http, summary, auth);
                    s[i] = (System.nanoTime() - t0) / 1e6;
                    t0 = System.nanoTime();
                    get(http, authOnly, auth);
                    a[i] = (System.nanoTime() - t0) / 1e6;
                }
                Arrays.sort(s);
                Arrays.sort(a);
                String row = "| %,d | %,d | %,d | %.1f | %d | %.1f | %.1f | %.1f | %.1f | %.1f | %d |".formatted(level, rollupDocs, inWeek,
                        genSeconds, bot.startupMillis(), s[requests / 2], s[0], s[requests - 1], a[requests / 2],
                        s[requests / 2] - a[requests / 2], bot.rssKb() / 1024);
                System.out.println(row);
                md.append(row).append('\n');
            }
        }
        Files.writeString(out.resolve(FIXED ? "summaries-fixed-week.md" : "summaries.md"), md.toString());
        System.out.println(md);
    }

    private static HttpResponse<String> get(HttpClient http, URI uri, String auth) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).header("Authorization", auth).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static String groupId(int g) {
        return "C%032x".formatted(0x5000000L + g);
    }

    /** The ids of groups 0 .. {@code count} - 1, as {@link #groupId} makes them. */
    static List<String> groupIds(int count) {
        return IntStream.range(0, count).mapToObj(SummaryBench::groupId).toList();
    }

    /**
     * Check-in k of a level: evenly over 2025-W01 .. 2025-W52 (Bangkok time), or with {@code bench.spread=fixed} the
     * first {@value #FIXED_WEEK} evenly over the queried week and the others evenly over the other 51 weeks.
     */
    static Instant at(long k, int level) {
        Instant start = LocalDate.of(2024, 12, 30).atStartOfDay(ZONE).toInstant();
        long week = Duration.ofDays(7).toSeconds();
        if (!FIXED) {
            return start.plusSeconds(k * 52 * week / level);
        }
        if (level <= FIXED_WEEK) {
            throw new IllegalArgumentException("bench.spread=fixed needs levels above " + FIXED_WEEK);
        }
        if (k < FIXED_WEEK) {
            return start.plusSeconds(WEEK_INDEX * week + k * week / FIXED_WEEK);
        }
        long offset = (k - FIXED_WEEK) * 51 * week / (level - FIXED_WEEK);
        return start.plusSeconds(offset < WEEK_INDEX * week ? offset : offset + week);
    }

    /** {@code count} registered, active groups, as registration leaves them (written straight into a store the bot will open). */
    static void insertGroups(MongoCollection<Document> groups, int count) {
        insertGroups(groups, groupIds(count));
    }

    /** Registered groups with these ids, as an officer's registration leaves them. */
    static void insertGroups(MongoCollection<Document> groups, List<String> ids) {
        List<Document> docs = new ArrayList<>();
        Date joined = Date.from(Instant.parse("2024-06-01T00:00:00Z"));
        for (int g = 0; g < ids.size(); g++) {
            docs.add(new Document("_id", ids.get(g)).append("lineName", "กลุ่ม " + g).append("active", true).append("memberCount", 12)
                    .append("joinedAt", new Date(joined.getTime() + g * 1000L)).append("registered", true)
                    .append("name", "กลุ่มแม่บ้านบ้าน " + g).append("products", List.of(g % 2 == 0 ? "ข้าวแต๋น" : "กล้วยตาก"))
                    .append("village", "บ้าน " + g).append("tambon", "ต." + (g % 20)).append("amphoe", "อ." + (g % 5))
                    .append("leaderUserIds", List.of()).append("registeredAt", new Date(joined.getTime() + g * 1000L))
                    .append("registeredBy", "admin").append("nudgesPaused", false).append("registrationFailures", 0)
                    .append("_class", "org.sanphalang.groups.LineGroup"));
        }
        groups.insertMany(docs);
    }

    /**
     * Check-ins [from, to) — with the timestamps of level {@code to}: earlier levels' check-ins keep their own
     * timestamps (and rollups are rebuilt from the same formula, see {@link #writeRollups}).
     */
    private static void insertCheckIns(MongoCollection<Document> checkins, int from, int to, int groups) {
        List<Document> batch = new ArrayList<>(2000);
        for (int k = from; k < to; k++) {
            batch.add(checkIn(k, to, groups));
            if (batch.size() == 2000) {
                checkins.insertMany(batch, new InsertManyOptions().ordered(false));
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            checkins.insertMany(batch);
        }
    }

    private static Document checkIn(long k, int level, int groups) {
        int produced = 50 + (int) (k % 200);
        int sold = produced - (int) (k % 30);
        return new Document("_id", "mbench" + k).append("groupId", groupId((int) (k % groups))).append("lineUserId", "U%032x".formatted(k % 5000))
                .append("at", Date.from(at(k, level))).append("text", "ผลิต " + produced + " ห่อ ขาย " + sold + " ห่อ ได้เงิน " + sold * 25 + " บาท")
                .append("produced", new Document("qty", new Decimal128(BigDecimal.valueOf(produced))).append("unit", "pack"))
                .append("sold", new Document("qty", new Decimal128(BigDecimal.valueOf(sold))).append("unit", "pack"))
                .append("revenueBaht", new Decimal128(BigDecimal.valueOf(sold * 25L))).append("product", "ข้าวแต๋น")
                .append("source", "text").append("lastEventAt", Date.from(at(k, level))).append("cancelled", false)
                .append("photoIds", List.of()).append("_class", "org.sanphalang.checkin.CheckIn");
    }

    /**
     * Rebuilds every rollup doc for check-ins 0..level-1 (what Rollups.put would have left), replacing the
     * previous level's. Check-ins of earlier levels were stored with their level's spread; for the rollups all use
     * the current spread, which changes only which week each falls in, not the per-week density being measured.
     *
     * @return {number of rollup docs, check-ins in the queried week}
     */
    private static long[] writeRollups(MongoCollection<Document> rollups, int level, int groups) {
        rollups.drop();
        Map<String, Document> docs = new HashMap<>();
        long inWeek = 0;
        for (long k = 0; k < level; k++) {
            Instant at = at(k, level);
            String group = groupId((int) (k % groups));
            Document c = checkIn(k, level, groups);
            Document item = new Document("produced", c.get("produced")).append("sold", c.get("sold"))
                    .append("revenueBaht", c.get("revenueBaht")).append("product", "ข้าวแต๋น");
            for (Period p : List.of(Period.weekOf(at, ZONE), Period.monthOf(at, ZONE))) {
                String id = group + "|" + p.key();
                Document doc = docs.computeIfAbsent(id, x -> new Document("_id", id).append("groupId", group).append("period", p.key())
                        .append("items", new Document()));
                doc.get("items", Document.class).put("mbench" + k, item);
                if (p.key().equals(WEEK)) {
                    inWeek++;
                }
            }
        }
        List<Document> batch = new ArrayList<>(500);
        for (Document d : docs.values()) {
            batch.add(d);
            if (batch.size() == 500) {
                rollups.insertMany(batch);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            rollups.insertMany(batch);
        }
        return new long[] {docs.size(), inWeek};
    }
}
