package org.sanphalang.checkin.internal;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a message into numbers, known words, unknown runs and punctuation.
 * <p>
 * Thai is written without spaces between words, so Thai text is cut by longest match against the lexicon; a
 * stretch that matches nothing becomes one UNKNOWN token. Longest match alone would find "อบ" (bake) inside "ตอบ"
 * (answer), so a match may not start right after a leading vowel or end right before a mark that belongs to the
 * same syllable, and the lexicon lists common words that contain cue words ("ขอบคุณ", "เรียบร้อย") as fillers.
 */
public final class Tokenizer {

    /** Longer messages are cut: nobody reports figures after 2,000 characters, and work must stay bounded. */
    public static final int MAX_CHARS = 2_000;

    private final Lexicon lexicon;

    public Tokenizer(Lexicon lexicon) {
        this.lexicon = lexicon;
    }

    public List<Token> tokenize(String raw) {
        String text = normalise(raw);
        List<Token> tokens = new ArrayList<>();
        StringBuilder unknown = new StringBuilder();
        java.util.Set<Integer> spaceAt = new java.util.HashSet<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (Character.isDigit(c)) {
                flush(unknown, tokens);
                i = readNumber(text, i, tokens);
            } else if (isLatinLetter(c)) {
                flush(unknown, tokens);
                int end = i;
                while (end < n && isLatinLetter(text.charAt(end))) {
                    end++;
                }
                String word = text.substring(i, end);
                List<LexEntry> entries = lexicon.latin(word);
                tokens.add(entries == null ? Token.of(Token.Type.UNKNOWN, word) : Token.word(word, entries));
                i = end;
            } else if (c == ' ') {
                flush(unknown, tokens);
                spaceAt.add(tokens.size());
                i++;
            } else {
                int length = longestThaiMatch(text, i);
                if (length > 0) {
                    flush(unknown, tokens);
                    String word = text.substring(i, i + length);
                    tokens.add(Token.word(word, lexicon.thai(word)));
                    i += length;
                } else if (isThai(c)) {
                    unknown.append(c);
                    i++;
                } else {
                    flush(unknown, tokens);
                    if (isPunctuation(c)) {
                        tokens.add(Token.of(Token.Type.PUNCT, String.valueOf(c)));
                    }
                    // Anything else (emoji, quotes, $, symbols) only separates words.
                    i++;
                }
            }
        }
        flush(unknown, tokens);
        for (int index : spaceAt) {
            if (index < tokens.size()) {
                tokens.set(index, tokens.get(index).afterSpace());
            }
        }
        return tokens;
    }

    /**
     * Makes the text comparable with the lexicon. Zero-width characters are dropped rather than turned into spaces:
     * they reach us from copy-paste and Thai word-break tools, inside words and numbers alike, so "1\u200B000" reads
     * as 1000. NFKC is deliberately not used: it would decompose SARA AM (ำ) and break every "ทำ".
     */
    static String normalise(String raw) {
        if (raw == null) {
            return "";
        }
        int cut = Math.min(raw.length(), MAX_CHARS);
        if (cut > 0 && cut < raw.length() && Character.isHighSurrogate(raw.charAt(cut - 1))) {
            cut--;
        }
        StringBuilder out = new StringBuilder(cut);
        for (int i = 0; i < cut; i++) {
            char c = raw.charAt(i);
            if (c == '\u200B' || c == '\u200C' || c == '\u200D' || c == '\u2060' || c == '\uFEFF' || c == '\u00AD'
                    || c == '\u180E') {
                continue;
            }
            if (c >= '\uFF01' && c <= '\uFF5E') {
                c = (char) (c - 0xFEE0); // full-width ASCII, as typed with some Asian keyboards
            }
            if (c == '\n' || c == '\r') {
                out.append('\n');
            } else if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                out.append(' ');
            } else if (c == '\u0E32' && out.length() > 0 && out.charAt(out.length() - 1) == '\u0E4D') {
                out.setCharAt(out.length() - 1, '\u0E33'); // NIKHAHIT + SARA AA typed for SARA AM
            } else {
                out.append(Character.toLowerCase(c));
            }
        }
        return out.toString();
    }

    private int readNumber(String text, int start, List<Token> tokens) {
        int n = text.length();
        StringBuilder digits = new StringBuilder();
        int i = start;
        while (i < n && Character.isDigit(text.charAt(i))) {
            digits.append(Character.forDigit(Character.digit(text.charAt(i), 10), 10));
            i++;
        }
        boolean grouped = false;
        // "2,375": a comma counts as grouping only before exactly three digits, so "sold 250, income" is not 250000.
        while (i < n && text.charAt(i) == ',' && digitsAt(text, i + 1, 3)
                && (i + 4 >= n || !Character.isDigit(text.charAt(i + 4)))) {
            for (int k = i + 1; k <= i + 3; k++) {
                digits.append(Character.forDigit(Character.digit(text.charAt(k), 10), 10));
            }
            grouped = true;
            i += 4;
        }
        boolean decimal = false;
        if (i + 1 < n && text.charAt(i) == '.' && Character.isDigit(text.charAt(i + 1))) {
            digits.append('.');
            i++;
            while (i < n && Character.isDigit(text.charAt(i))) {
                digits.append(Character.forDigit(Character.digit(text.charAt(i), 10), 10));
                i++;
            }
            decimal = true;
        }
        if (i + 1 < n && "-/:".indexOf(text.charAt(i)) >= 0 && Character.isDigit(text.charAt(i + 1))) {
            while (i < n && (Character.isDigit(text.charAt(i)) || "-/:.".indexOf(text.charAt(i)) >= 0)) {
                i++;
            }
            tokens.add(Token.of(Token.Type.NUMBERISH, text.substring(start, i)));
            return i;
        }
        String plain = digits.toString();
        boolean laughter = !grouped && !decimal && plain.length() >= 3 && plain.chars().allMatch(ch -> ch == '5');
        if (laughter) {
            while (i < n && text.charAt(i) == '+') {
                i++;
            }
        }
        tokens.add(Token.number(text.substring(start, i), new BigDecimal(plain), laughter));
        return i;
    }

    private static boolean digitsAt(String text, int from, int count) {
        for (int k = from; k < from + count; k++) {
            if (k >= text.length() || !Character.isDigit(text.charAt(k))) {
                return false;
            }
        }
        return true;
    }

    private int longestThaiMatch(String text, int i) {
        if (i > 0 && isLeadingVowel(text.charAt(i - 1))) {
            return 0;
        }
        int max = Math.min(lexicon.longestThai(), text.length() - i);
        for (int length = max; length > 0; length--) {
            if (lexicon.thai(text.substring(i, i + length)) != null && canEndBefore(text, i + length)) {
                return length;
            }
        }
        return 0;
    }

    /**
     * A word cannot end before a vowel or mark of its own syllable, nor before a consonant silenced by ์, which is
     * also still part of it: "พัน" (thousand) must not be found in "ประชาสัมพันธ์".
     */
    private static boolean canEndBefore(String text, int end) {
        if (end >= text.length()) {
            return true;
        }
        if (continuesSyllable(text.charAt(end))) {
            return false;
        }
        int j = end + 1;
        while (j < text.length() && text.charAt(j) >= '\u0E34' && text.charAt(j) <= '\u0E39') {
            j++;
        }
        return j >= text.length() || text.charAt(j) != '\u0E4C';
    }

    private static void flush(StringBuilder unknown, List<Token> tokens) {
        if (unknown.length() > 0) {
            tokens.add(Token.of(Token.Type.UNKNOWN, unknown.toString()));
            unknown.setLength(0);
        }
    }

    private static boolean isLatinLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isThai(char c) {
        return c >= '\u0E01' && c <= '\u0E5B';
    }

    /** เ แ โ ใ ไ are written before the consonant they follow in speech, so no word starts right after one. */
    private static boolean isLeadingVowel(char c) {
        return c >= '\u0E40' && c <= '\u0E44';
    }

    /** Vowels and marks that can only follow a consonant of the same syllable; a word cannot end before them. */
    private static boolean continuesSyllable(char c) {
        return c == '\u0E30' || c == '\u0E31' || c == '\u0E32' || c == '\u0E33' || (c >= '\u0E34' && c <= '\u0E3A')
                || c == '\u0E45' || (c >= '\u0E47' && c <= '\u0E4E');
    }

    private static boolean isPunctuation(char c) {
        return ",.;!?:()\n".indexOf(c) >= 0;
    }
}
