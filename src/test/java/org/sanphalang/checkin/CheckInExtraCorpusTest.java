package org.sanphalang.checkin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Accuracy on our own hand-written corpus (src/test/resources/checkin/corpus-extra.tsv): a row counts only when
 * every column, product and need category included, is right. The rows were written before the rules were tuned,
 * so some are meant to stay wrong; the bar is 90%, not 100%.
 */
class CheckInExtraCorpusTest {

    private static final double REQUIRED = 0.90;

    private final CheckInParser parser = new CheckInParser();

    @Test
    void readsAtLeastNinetyPercentOfTheExtraCorpusExactly() {
        List<CorpusRow> rows = CorpusRow.readResource("checkin/corpus-extra.tsv");
        List<String> misses = misses(rows);
        double accuracy = report("extra corpus", rows, misses);

        assertThat(rows).hasSizeGreaterThanOrEqualTo(80);
        assertThat(accuracy).as("exact-match accuracy; misses:%n%s", String.join("\n", misses))
                .isGreaterThanOrEqualTo(REQUIRED);
    }

    /**
     * The extra corpus shaped the rules, so its score flatters the parser; the held-out rows were written after the
     * parser and are only measured, to show how it does on messages it has not seen.
     */
    @Test
    void reportsAccuracyOnHeldOutMessages() {
        List<CorpusRow> rows = CorpusRow.readResource("checkin/corpus-holdout.tsv");
        report("held-out corpus", rows, misses(rows));
        assertThat(rows).isNotEmpty();
    }

    /** Written after the first held-out set had been used for fixes; measured, never used to tune. */
    @Test
    void reportsAccuracyOnSecondHeldOutSet() {
        List<CorpusRow> rows = CorpusRow.readResource("checkin/corpus-holdout2.tsv");
        report("second held-out corpus", rows, misses(rows));
        assertThat(rows).isNotEmpty();
    }

    private List<String> misses(List<CorpusRow> rows) {
        List<String> misses = new ArrayList<>();
        for (CorpusRow row : rows) {
            ParsedMessage parsed = parser.parse(row.text());
            if (!row.actual(parsed).equals(row.normalisedExpected())) {
                misses.add(row.describe(parsed));
            }
        }
        return misses;
    }

    private static double report(String name, List<CorpusRow> rows, List<String> misses) {
        double accuracy = 1.0 - (double) misses.size() / rows.size();
        System.out.printf("Check-in %s: %d/%d exact (%.1f%%)%n", name, rows.size() - misses.size(), rows.size(),
                accuracy * 100);
        misses.forEach(m -> System.out.println("  miss " + m));
        return accuracy;
    }
}
