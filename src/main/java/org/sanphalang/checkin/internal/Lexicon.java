package org.sanphalang.checkin.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The words the parser knows, read from {@code lexicon/th.tsv} and {@code lexicon/en.tsv} on the classpath.
 * <p>
 * Each line is a role followed by the surface words that have it; a word on several lines has several roles.
 * Thai words are found by longest match inside unspaced text, English words only as whole words, which is why the
 * two languages are kept apart. Immutable once loaded, so one instance serves every thread.
 */
public final class Lexicon {

    private final Map<String, List<LexEntry>> thai;
    private final Map<String, List<LexEntry>> latin;
    private final int longestThai;

    private Lexicon(Map<String, List<LexEntry>> thai, Map<String, List<LexEntry>> latin) {
        this.thai = thai;
        this.latin = latin;
        this.longestThai = thai.keySet().stream().mapToInt(String::length).max().orElse(1);
    }

    public static Lexicon load() {
        return new Lexicon(read("lexicon/th.tsv"), read("lexicon/en.tsv"));
    }

    List<LexEntry> latin(String lowerCaseWord) {
        return latin.get(lowerCaseWord);
    }

    List<LexEntry> thai(String surface) {
        return thai.get(surface);
    }

    int longestThai() {
        return longestThai;
    }

    private static Map<String, List<LexEntry>> read(String resource) {
        Map<String, List<LexEntry>> words = new HashMap<>();
        InputStream in = Lexicon.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("Lexicon " + resource + " is missing from the classpath");
        }
        // Explicit UTF-8: the platform charset of a Windows or minimal container JVM would garble every Thai word.
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                String[] fields = trimmed.split("\\s+");
                LexEntry entry = entry(fields[0], resource, number);
                for (int i = 1; i < fields.length; i++) {
                    words.computeIfAbsent(fields[i].toLowerCase(Locale.ROOT), w -> new ArrayList<>(2)).add(entry);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read lexicon " + resource, e);
        }
        words.replaceAll((w, entries) -> List.copyOf(entries));
        return Map.copyOf(words);
    }

    private static LexEntry entry(String spec, String resource, int line) {
        int colon = spec.indexOf(':');
        String name = colon < 0 ? spec : spec.substring(0, colon);
        String arg = colon < 0 ? null : spec.substring(colon + 1);
        try {
            Role role = Role.fromLexicon(name);
            if (role == Role.CUE) {
                Cue.valueOf(arg.toUpperCase(Locale.ROOT));
            }
            if (role == Role.DIGIT || role == Role.PLACE || role == Role.MULT) {
                new java.math.BigDecimal(arg);
            }
            if (role == Role.TOPIC || role == Role.WEAKTOPIC) {
                org.sanphalang.checkin.NeedCategory.valueOf(arg);
            }
            return new LexEntry(role, arg);
        } catch (RuntimeException e) {
            throw new IllegalStateException(resource + " line " + line + ": bad role '" + spec + "'", e);
        }
    }
}
