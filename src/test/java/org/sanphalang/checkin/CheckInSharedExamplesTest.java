package org.sanphalang.checkin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every example of the contract (shared/examples/checkin-messages.tsv) parses exactly as written there. */
class CheckInSharedExamplesTest {

    private static final String EXAMPLES = "examples/checkin-messages.tsv";
    private static final CheckInParser parser = new CheckInParser();

    static List<CorpusRow> examples() {
        return CorpusRow.read(examplesFile());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void parsesTheContractExampleExactly(CorpusRow row) {
        ParsedMessage parsed = parser.parse(row.text());
        assertThat(row.actual(parsed)).as(row.describe(parsed)).isEqualTo(row.normalisedExpected());
    }

    /**
     * The pom points {@code sanphalang.shared-dir} at the directory beside the repository, which is not where it is
     * in every checkout (worktrees, IDE runs), so fall back to ../shared and then to any parent's shared/.
     */
    static Path examplesFile() {
        List<Path> tried = new ArrayList<>();
        String property = System.getProperty("sanphalang.shared-dir");
        if (property != null && !property.isBlank()) {
            tried.add(Path.of(property).resolve(EXAMPLES));
        }
        tried.add(Path.of("..", "shared").resolve(EXAMPLES));
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            tried.add(dir.resolve("shared").resolve(EXAMPLES));
        }
        for (Path candidate : tried) {
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        return fail("shared/" + EXAMPLES + " not found; set -Dsanphalang.shared-dir. Tried: " + tried);
    }
}
