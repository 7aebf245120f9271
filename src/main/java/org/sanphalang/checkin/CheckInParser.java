package org.sanphalang.checkin;

import org.springframework.stereotype.Component;

/** Placeholder until the lexicon parser lands (branch parser). */
@Component
public class CheckInParser {
    public ParsedMessage parse(String text) {
        return new ParsedMessage(ParsedMessage.Kind.OTHER, null, null, null, null, null, null, null);
    }
}
