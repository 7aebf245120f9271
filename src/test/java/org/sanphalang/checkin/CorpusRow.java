package org.sanphalang.checkin;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * One line of a check-in corpus TSV: the text, then the expected columns kind, produced, sold, revenueBaht,
 * costBaht, visitors and, in our own corpus, product and needCategory. "-" is null.
 */
record CorpusRow(int line, String text, List<String> expected) {

    static final List<String> COLUMNS = List.of("kind", "produced", "sold", "revenueBaht", "costBaht", "visitors",
            "product", "needCategory");

    /** The parse written in the corpus notation, limited to as many columns as the row has. */
    static List<String> columns(ParsedMessage m, int count) {
        List<String> all = List.of(m.kind().json(), quantity(m.produced()), quantity(m.sold()),
                number(m.revenueBaht()), number(m.costBaht()),
                m.visitors() == null ? "-" : m.visitors().toString(),
                m.product() == null ? "-" : m.product(),
                m.needCategory() == null ? "-" : m.needCategory().name());
        return all.subList(0, count);
    }

    List<String> actual(ParsedMessage m) {
        return columns(m, expected.size());
    }

    /** Expected columns with numbers written the way the parser writes them ("2375", "1.5"). */
    List<String> normalisedExpected() {
        return IntStream.range(0, expected.size()).mapToObj(i -> normalise(COLUMNS.get(i), expected.get(i)))
                .collect(Collectors.toList());
    }

    String describe(ParsedMessage m) {
        List<String> want = normalisedExpected();
        List<String> got = actual(m);
        return IntStream.range(0, want.size()).filter(i -> !want.get(i).equals(got.get(i)))
                .mapToObj(i -> COLUMNS.get(i) + " expected " + want.get(i) + " but was " + got.get(i))
                .collect(Collectors.joining("; ", "line " + line + " «" + text + "»: ", ""));
    }

    @Override
    public String toString() {
        return line + ": " + text;
    }

    static List<CorpusRow> read(Path file) {
        try {
            return parse(Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<CorpusRow> readResource(String name) {
        try (InputStream in = CorpusRow.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " not on the test classpath");
            }
            return parse(Arrays.asList(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<CorpusRow> parse(List<String> lines) {
        List<CorpusRow> rows = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).replace("\r", "");
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split("\t", -1);
            if (fields.length < 7) {
                throw new IllegalStateException("line " + (i + 1) + " has " + fields.length + " columns: " + line);
            }
            rows.add(new CorpusRow(i + 1, fields[0], List.of(fields).subList(1, fields.length)));
        }
        return rows;
    }

    private static String quantity(Quantity q) {
        return q == null ? "-" : q.qty().toPlainString() + ":" + (q.unit() == null ? "-" : q.unit());
    }

    private static String number(BigDecimal n) {
        return n == null ? "-" : n.toPlainString();
    }

    private static String normalise(String column, String value) {
        if (value.equals("-")) {
            return value;
        }
        switch (column) {
            case "produced", "sold" -> {
                int colon = value.indexOf(':');
                return plain(value.substring(0, colon)) + value.substring(colon);
            }
            case "revenueBaht", "costBaht", "visitors" -> {
                return plain(value);
            }
            default -> {
                return value;
            }
        }
    }

    private static String plain(String number) {
        BigDecimal n = new BigDecimal(number).stripTrailingZeros();
        return (n.scale() < 0 ? n.setScale(0) : n).toPlainString();
    }
}
