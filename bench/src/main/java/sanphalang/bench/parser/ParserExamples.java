package sanphalang.bench.parser;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.sanphalang.checkin.CheckInParser;
import org.sanphalang.checkin.ParsedMessage;
import org.sanphalang.checkin.Quantity;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The check-in examples (../shared/examples/checkin-messages.tsv) and a {@link CheckInParser} to run them through,
 * built whatever its constructor: with no arguments if it has such a constructor, otherwise as a Spring bean with
 * the bot's configuration properties bound from application.yml (so the real lexicon parser, which may take
 * settings, works here unchanged).
 */
public final class ParserExamples {

    public record Example(String text, String kind, String produced, String sold, String revenue, String cost, String visitors) {
    }

    public static Path file() {
        return Path.of(System.getProperty("sanphalang.shared-dir", "../shared"), "examples", "checkin-messages.tsv");
    }

    public static List<Example> load() throws IOException {
        List<Example> out = new ArrayList<>();
        for (String line : Files.readAllLines(file())) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] c = line.split("\t", -1);
            if (c.length < 7) {
                continue;
            }
            out.add(new Example(c[0], c[1], c[2], c[3], c[4], c[5], c[6]));
        }
        return out;
    }

    @Configuration(proxyBeanMethods = false)
    @ConfigurationPropertiesScan("org.sanphalang")
    @Import(CheckInParser.class)
    static class ParserOnly {
    }

    public static CheckInParser parser() {
        for (Constructor<?> c : CheckInParser.class.getConstructors()) {
            if (c.getParameterCount() == 0) {
                try {
                    return (CheckInParser) c.newInstance();
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return new SpringApplicationBuilder(ParserOnly.class).web(WebApplicationType.NONE).logStartupInfo(false)
                .properties("spring.main.banner-mode=off", "logging.level.root=warn").run().getBean(CheckInParser.class);
    }

    /** Whether the parse matches every column of the example. */
    public static boolean matches(Example e, ParsedMessage p) {
        return p != null && p.kind().json().equals(e.kind()) && quantity(e.produced(), p.produced()) && quantity(e.sold(), p.sold())
                && number(e.revenue(), p.revenueBaht()) && number(e.cost(), p.costBaht())
                && number(e.visitors(), p.visitors() == null ? null : BigDecimal.valueOf(p.visitors()));
    }

    private static boolean quantity(String expected, Quantity q) {
        if (expected.equals("-")) {
            return q == null;
        }
        if (q == null) {
            return false;
        }
        String[] qu = expected.split(":", 2);
        String unit = qu.length > 1 ? qu[1] : "-";
        return new BigDecimal(qu[0]).compareTo(q.qty()) == 0 && Objects.equals(unit.equals("-") ? null : unit, q.unit());
    }

    private static boolean number(String expected, BigDecimal actual) {
        return expected.equals("-") ? actual == null : actual != null && new BigDecimal(expected).compareTo(actual) == 0;
    }

    /** Accuracy on the examples: {@code ParserExamples} (reads -Dsanphalang.shared-dir, default ../shared). */
    public static void main(String[] args) throws Exception {
        List<Example> examples = load();
        CheckInParser parser = parser();
        int ok = 0;
        int kindOk = 0;
        for (Example e : examples) {
            ParsedMessage p = parser.parse(e.text());
            if (matches(e, p)) {
                ok++;
            }
            if (p != null && p.kind().json().equals(e.kind())) {
                kindOk++;
            }
        }
        System.out.printf("Parser %s: %d examples; all columns right: %d (%.1f%%); kind right: %d (%.1f%%)%n",
                CheckInParser.class.getName(), examples.size(), ok, 100.0 * ok / examples.size(), kindOk, 100.0 * kindOk / examples.size());
        System.exit(0);
    }
}
