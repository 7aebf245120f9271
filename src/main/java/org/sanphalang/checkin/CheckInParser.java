package org.sanphalang.checkin;

import org.sanphalang.checkin.internal.CheckInGrammar;
import org.sanphalang.checkin.internal.Lexicon;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Reads a producer group's LINE message the way villagers write it (Thai or English, Thai or Arabic digits,
 * number words, no spaces between words) into figures and needs. See the contract's "Check-in language" and
 * {@code docs/PARSER.md}.
 * <p>
 * Thread-safe: the lexicons are loaded once, here, and every parse keeps its state to itself.
 */
@Component
public class CheckInParser {

    private static final Logger log = LoggerFactory.getLogger(CheckInParser.class);

    private final CheckInGrammar grammar;

    public CheckInParser() {
        this.grammar = new CheckInGrammar(Lexicon.load());
    }

    /**
     * Never throws: a message the parser cannot make sense of is {@code other}, because one odd message must not
     * stop the webhook from accepting the rest of a batch.
     */
    public ParsedMessage parse(String text) {
        if (text == null || text.isBlank()) {
            return ParsedMessage.other();
        }
        try {
            return grammar.read(text);
        } catch (RuntimeException e) {
            // The text may hold personal data, so only its length goes to the log.
            log.warn("Check-in parser failed on a message of {} characters; read as other", text.length(), e);
            return ParsedMessage.other();
        }
    }
}
