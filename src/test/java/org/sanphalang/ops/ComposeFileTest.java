package org.sanphalang.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The production files in the repository (docker-compose.yml, .env.example, ops/) hold together: a replica set
 * with a keyfile, two app instances on it with majority writes, TLS in front, monitoring that watches the
 * metrics the app really exposes, and no secret written into a committed file.
 */
class ComposeFileTest {

    static final Path ROOT = Path.of("").toAbsolutePath();
    static final Path COMPOSE = ROOT.resolve("docker-compose.yml");
    static final Path ENV_EXAMPLE = ROOT.resolve(".env.example");
    static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:[:?\\-][^}]*)?}");
    static final Pattern SECRET_NAME = Pattern.compile("(?i).*(password|secret|token|_key)$");

    // ---------------------------------------------------------------- docker-compose.yml

    @Test
    void runsMongoDbAsAReplicaSetAuthenticatedByAKeyfile() throws IOException {
        Map<String, Map<String, Object>> mongods = services().entrySet().stream()
                .filter(service -> command(service.getValue()).startsWith("mongod "))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));

        assertThat(mongods).as("replica set members").hasSizeGreaterThanOrEqualTo(1);
        assertThat(mongods.size()).as("members (1 for a single server, 3 to survive losing one)").isIn(1, 3);
        for (Map<String, Object> mongod : mongods.values()) {
            assertThat((String) mongod.get("image")).matches("mongo:(7|8)(\\..*)?");
            assertThat(command(mongod)).contains("--replSet rs0").contains("--keyFile ");
            assertThat(healthcheck(mongod)).contains("ping");
        }
    }

    @Test
    void createsTheKeyfileAndInitiatesTheSetAndItsUsersBeforeTheAppStarts() throws IOException {
        Map<String, Map<String, Object>> services = services();

        assertThat(command(services.get("mongo-keyfile"))).contains("ops/mongo/make-keyfile.sh");
        assertThat(command(services.get("mongo-init"))).contains("ops/mongo/init-replica-set.sh");
        assertThat(ROOT.resolve("ops/mongo/make-keyfile.sh")).exists();
        assertThat(ROOT.resolve("ops/mongo/init-replica-set.sh")).exists();
        assertThat(Files.readString(ROOT.resolve("ops/mongo/init-replica-set.js")))
                .contains("replSetInitiate").contains("createUser").contains("MONGO_APP_USER");
        for (String app : appServices(services).keySet()) {
            assertThat(dependsOn(services.get(app))).containsEntry("mongo-init", "service_completed_successfully");
        }
    }

    @Test
    void runsTwoAppInstancesOnTheReplicaSetWithMajorityJournaledWrites() throws IOException {
        Map<String, Map<String, Object>> apps = appServices(services());

        assertThat(apps).hasSize(2);
        for (Map<String, Object> app : apps.values()) {
            Map<String, String> env = environment(app);
            assertThat(env.get("MONGODB_URI"))
                    .startsWith("mongodb://")
                    .contains("replicaSet=rs0").contains("w=majority").contains("journal=true")
                    .contains("${MONGO_APP_PASSWORD");
            assertThat(env).containsEntry("SPRING_PROFILES_ACTIVE", "prod");
            assertThat(healthcheck(app)).contains("/actuator/health");
        }
    }

    @Test
    void servesTheWebhookOverHttpsThroughCaddyToBothInstances() throws IOException {
        Map<String, Object> caddy = services().get("caddy");

        assertThat((String) caddy.get("image")).startsWith("caddy:");
        assertThat(stringList(caddy.get("ports"))).anyMatch(port -> port.startsWith("443:443"));
        assertThat(stringList(caddy.get("volumes"))).anyMatch(volume -> volume.startsWith("./ops/caddy/Caddyfile:"));
        String caddyfile = Files.readString(ROOT.resolve("ops/caddy/Caddyfile"));
        assertThat(caddyfile)
                .contains("{$SANPHALANG_DOMAIN}")
                .containsPattern("reverse_proxy\\s+app1:8080\\s+app2:8080")
                .contains("health_uri /actuator/health")
                .as("metrics stay internal").contains("respond @internal 404");
    }

    @Test
    void monitorsWithPrometheusAndGrafanaFromProvisionedFiles() throws IOException {
        Map<String, Map<String, Object>> services = services();

        assertThat((String) services.get("prometheus").get("image")).startsWith("prom/prometheus:");
        assertThat(stringList(services.get("prometheus").get("volumes"))).contains("./ops/prometheus:/etc/prometheus:ro");
        assertThat((String) services.get("grafana").get("image")).startsWith("grafana/grafana:");
        assertThat(stringList(services.get("grafana").get("volumes")))
                .anyMatch(v -> v.startsWith("./ops/grafana/provisioning:"))
                .anyMatch(v -> v.startsWith("./ops/grafana/dashboards:"));

        Map<String, Object> prometheus = yaml(ROOT.resolve("ops/prometheus/prometheus.yml"));
        Map<String, Object> appJob = maps(prometheus.get("scrape_configs")).stream()
                .filter(job -> "sanphalang".equals(job.get("job_name"))).findFirst().orElseThrow();
        assertThat(appJob.get("metrics_path")).isEqualTo("/actuator/prometheus");
        assertThat(stringList(maps(appJob.get("static_configs")).get(0).get("targets"))).containsExactlyInAnyOrder("app1:8080", "app2:8080");
        assertThat(stringList(prometheus.get("rule_files"))).contains("alerts.yml");
    }

    @Test
    void takesEverySecretFromTheEnvironmentNeverFromALiteral() throws IOException {
        List<String> literals = new ArrayList<>();
        services().forEach((name, service) -> environment(service).forEach((key, value) -> {
            boolean secret = SECRET_NAME.matcher(key).matches();
            boolean credentialsInUri = value.matches("(?s).*://[^/@]+:[^/@]+@.*");
            if ((secret || credentialsInUri) && !onlyVariablesInCredentials(value)) {
                literals.add(name + "." + key + "=" + value);
            }
        }));

        assertThat(literals).as("secret values written into docker-compose.yml").isEmpty();
    }

    @Test
    void documentsEveryVariableTheComposeFileUsesInEnvExample() throws IOException {
        Set<String> used = new HashSet<>();
        Matcher matcher = VARIABLE.matcher(Files.readString(COMPOSE));
        while (matcher.find()) {
            used.add(matcher.group(1));
        }
        Set<String> documented = Files.readAllLines(ENV_EXAMPLE).stream()
                .map(line -> line.replaceFirst("^#\\s*", ""))
                .filter(line -> line.matches("[A-Z_][A-Z0-9_]*=.*"))
                .map(line -> line.substring(0, line.indexOf('=')))
                .collect(Collectors.toSet());

        assertThat(used).isNotEmpty();
        assertThat(documented).containsAll(used);
    }

    @Test
    void keepsEveryContainersLogsBounded() throws IOException {
        services().forEach((name, service) -> {
            Map<String, Object> logging = map(service.get("logging"));
            assertThat(logging).as(name + " logging").isNotNull().containsEntry("driver", "json-file");
            assertThat(map(logging.get("options"))).as(name + " log rotation").containsKeys("max-size", "max-file");
        });
    }

    @Test
    void passesDockerComposeConfigWithTheExampleEnvironment() throws Exception {
        assumeTrue(onPath("docker-compose"), "docker-compose is not installed");

        Process process = new ProcessBuilder("docker-compose", "-f", COMPOSE.toString(), "--env-file", ENV_EXAMPLE.toString(), "config", "-q")
                .directory(ROOT.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(process.exitValue()).as(output).isZero();
    }

    // ---------------------------------------------------------------- alerts and dashboard

    @Test
    void alertsWatchTheMetricsTheAppExposesAndPointToTheRunbook() throws IOException {
        List<Map<String, Object>> rules = maps(yaml(ROOT.resolve("ops/prometheus/alerts.yml")).get("groups")).stream()
                .flatMap(group -> maps(group.get("rules")).stream()).toList();
        String expressions = rules.stream().map(rule -> (String) rule.get("expr")).collect(Collectors.joining("\n"));
        String runbook = Files.readString(ROOT.resolve("ops/RUNBOOK.md"));
        Set<String> anchors = runbook.lines().filter(line -> line.startsWith("#"))
                .map(line -> line.replaceFirst("^#+\\s*", "").trim().toLowerCase().replaceAll("[^a-z0-9 -]", "").replace(' ', '-'))
                .collect(Collectors.toSet());

        assertThat(expressions).contains(
                "http_server_requests_seconds_count{uri=\"/callback\", status=~\"5..\"}",
                "http_server_requests_seconds_bucket{uri=\"/callback\"}",
                "sanphalang_webhook_refused_total",
                "sanphalang_inbox_backlog",
                "sanphalang_inbox_handled_total{outcome=~\"failed|unreadable\"}",
                "sanphalang_outbox_backlog",
                "sanphalang_outbox_deadlettered_total",
                "sanphalang_outbox_quota_used",
                "up{job=\"sanphalang\"}",
                "mongodb_up");
        for (Map<String, Object> rule : rules) {
            assertThat(rule).containsKeys("alert", "expr", "labels", "annotations");
            assertThat(map(rule.get("labels"))).containsKey("severity");
            String link = (String) map(rule.get("annotations")).get("runbook");
            assertThat(link).as(rule.get("alert") + " runbook").startsWith("ops/RUNBOOK.md#");
            assertThat(anchors).as(rule.get("alert") + " runbook section").contains(link.substring(link.indexOf('#') + 1));
        }
    }

    @Test
    void dashboardIsValidJsonWithAPanelForEachOperationalMetric() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(ROOT.resolve("ops/grafana/dashboards/sanphalang.json").toFile());
        List<JsonNode> panels = new ArrayList<>();
        dashboard.path("panels").forEach(panels::add);
        String queries = panels.stream().flatMap(panel -> {
            List<String> exprs = new ArrayList<>();
            panel.path("targets").forEach(target -> exprs.add(target.path("expr").asText()));
            return exprs.stream();
        }).collect(Collectors.joining("\n"));

        assertThat(dashboard.path("uid").asText()).isNotBlank();
        assertThat(panels).hasSizeGreaterThan(5);
        assertThat(panels.stream().map(panel -> panel.path("id").asInt())).doesNotHaveDuplicates();
        assertThat(queries).contains(
                "sanphalang_webhook_events_total", "http_server_requests_seconds_bucket{uri=\"/callback\"}",
                "sanphalang_inbox_backlog", "sanphalang_outbox_backlog", "sanphalang_outbox_sent_total",
                "sanphalang_outbox_quota_used", "sanphalang_outbox_quota_limit", "sanphalang_checkins_total");
        panels.stream().filter(panel -> panel.has("targets")).forEach(panel ->
                assertThat(panel.path("datasource").path("uid").asText()).as(panel.path("title").asText()).isEqualTo("prometheus"));
    }

    // ---------------------------------------------------------------- secrets and logs

    @Test
    void neverCommitsTheEnvFile() throws Exception {
        List<String> ignored = Files.readAllLines(ROOT.resolve(".gitignore")).stream().map(String::trim).toList();
        assertThat(ignored).contains(".env");
        assertThat(ignored).doesNotContain(".env.example", ".env*", "*.example");

        assumeTrue(onPath("git") && Files.exists(ROOT.resolve(".git")), "not a git checkout");
        assertThat(run("git", "check-ignore", "-q", ".env")).as(".env is ignored").isZero();
        assertThat(run("git", "check-ignore", "-q", ".env.example")).as(".env.example is committed").isNotZero();
    }

    @Test
    void runsTheProductionProfileWithJsonLogsEverywhere() throws IOException {
        Map<String, Object> prod = yaml(ROOT.resolve("src/main/resources/application-prod.yml"));
        Object format = map(map(map(prod.get("logging")).get("structured")).get("format")).get("console");

        assertThat(format).isIn("ecs", "logstash", "gelf");
        assertThat(Files.readString(ROOT.resolve("Dockerfile"))).contains("SPRING_PROFILES_ACTIVE=prod");
        assertThat(Files.readString(ROOT.resolve("ops/systemd/sanphalang.service"))).contains("SPRING_PROFILES_ACTIVE=prod");
    }

    @Test
    void startsTheAppWithTheClassDataArchiveItsImageMakesFromTheJarItRuns() throws IOException {
        String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
        assertThat(dockerfile)
                .contains("RUN sh /usr/local/bin/class-data-archive.sh /tmp/sanphalang-build.jar /app")
                .contains("-XX:SharedArchiveFile=/app/sanphalang.jsa")
                .contains("-jar /app/sanphalang.jar");
        for (Map<String, Object> app : appServices(services()).values()) {
            assertThat(environment(app).get("JAVA_OPTS")).contains("-XX:SharedArchiveFile=/app/sanphalang.jsa");
        }
    }

    // ---------------------------------------------------------------- helpers

    static Map<String, Map<String, Object>> services() throws IOException {
        Map<String, Map<String, Object>> services = new LinkedHashMap<>();
        map(yaml(COMPOSE).get("services")).forEach((name, service) -> services.put(name, map(service)));
        return services;
    }

    /** The application: built from the Dockerfile in this repository. */
    static Map<String, Map<String, Object>> appServices(Map<String, Map<String, Object>> services) {
        return services.entrySet().stream().filter(service -> service.getValue().containsKey("build"))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
    }

    /** A secret value, or the user:password part of a URI, is made of ${VARIABLE} references only. */
    static boolean onlyVariablesInCredentials(String value) {
        Matcher userInfo = Pattern.compile("://([^/@]+)@").matcher(value);
        String credentials = value.contains("://") ? (userInfo.find() ? userInfo.group(1) : "") : value;
        String literal = VARIABLE.matcher(credentials).replaceAll("");
        return literal.isEmpty() || literal.equals(":");
    }

    static String command(Map<String, Object> service) {
        Object command = service.get("command");
        return command instanceof List<?> list ? list.stream().map(String::valueOf).collect(Collectors.joining(" ")) : String.valueOf(command);
    }

    static String healthcheck(Map<String, Object> service) {
        Map<String, Object> healthcheck = map(service.get("healthcheck"));
        assertThat(healthcheck).as("healthcheck").isNotNull();
        return String.join(" ", stringList(healthcheck.get("test")));
    }

    static Map<String, String> environment(Map<String, Object> service) {
        Map<String, String> env = new LinkedHashMap<>();
        Object raw = service.get("environment");
        if (raw instanceof Map<?, ?> map) {
            map.forEach((k, v) -> env.put(String.valueOf(k), String.valueOf(v)));
        } else if (raw instanceof List<?> list) {
            list.forEach(item -> {
                String entry = String.valueOf(item);
                int eq = entry.indexOf('=');
                env.put(eq < 0 ? entry : entry.substring(0, eq), eq < 0 ? "" : entry.substring(eq + 1));
            });
        }
        return env;
    }

    static Map<String, String> dependsOn(Map<String, Object> service) {
        Map<String, String> conditions = new LinkedHashMap<>();
        Object raw = service.get("depends_on");
        if (raw instanceof Map<?, ?> map) {
            map.forEach((k, v) -> conditions.put(String.valueOf(k), String.valueOf(map(v).get("condition"))));
        } else if (raw instanceof List<?> list) {
            list.forEach(name -> conditions.put(String.valueOf(name), "service_started"));
        }
        return conditions;
    }

    static Map<String, Object> yaml(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file)) {
            return new Yaml().load(reader);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> maps(Object value) {
        return (List<Map<String, Object>>) value;
    }

    static List<String> stringList(Object value) {
        return value instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of(String.valueOf(value));
    }

    static boolean onPath(String program) {
        String path = System.getenv("PATH");
        return path != null && Stream.of(path.split(java.io.File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
    }

    static int run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        return process.waitFor(30, TimeUnit.SECONDS) ? process.exitValue() : -1;
    }
}
