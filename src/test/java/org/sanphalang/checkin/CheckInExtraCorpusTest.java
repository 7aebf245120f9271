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

    @Test
    void readsAtLeastNinetyPercentOfTheExtraCorpusExactly() {
        CheckInParser parser = new CheckInParser();
        List<CorpusRow> rows = CorpusRow.readResource("checkin/corpus-extra.tsv");
        List<String> misses = new ArrayList<>();
        for (CorpusRow row : rows) {
            ParsedMessage parsed = parser.parse(row.text());
            if (!row.actual(parsed).equals(row.normalisedExpected())) {
                misses.add(row.describe(parsed));
            }
        }
        double accuracy = 1.0 - (double) misses.size() / rows.size();
        System.out.printf("Check-in extra corpus: %d/%d exact (%.1f%%)%n", rows.size() - misses.size(), rows.size(),
                accuracy * 100);
        misses.forEach(m -> System.out.println("  miss " + m));

        assertThat(rows).hasSizeGreaterThanOrEqualTo(80);
        assertThat(accuracy).as("exact-match accuracy; misses:%n%s", String.join("\n", misses))
                .isGreaterThanOrEqualTo(REQUIRED);
    }
}
