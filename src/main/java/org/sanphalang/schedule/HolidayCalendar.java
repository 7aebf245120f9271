package org.sanphalang.schedule;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * Thai public holidays and Buddhist holy days (วันพระ), read once at start from
 * {@code classpath:calendar/thai-holidays.csv} or the operator's file ({@code sanphalang.schedule.holidays-file}).
 * Lines are {@code date,name,kind}; {@code #} starts a comment; a bad line is logged and skipped, not fatal.
 */
@Component
class HolidayCalendar {

    private static final Logger log = LoggerFactory.getLogger(HolidayCalendar.class);

    record Day(LocalDate date, String name, String kind) {
    }

    private final Map<LocalDate, List<Day>> days;
    private final List<String> restKinds;

    HolidayCalendar(ScheduleSettings settings) {
        this.restKinds = settings.restDayKinds();
        this.days = Collections.unmodifiableMap(load(settings.holidaysFile()));
    }

    /** A day on which reminders wait (a public holiday or วันพระ, as the settings say). */
    boolean isRestDay(LocalDate date) {
        return days.getOrDefault(date, List.of()).stream().anyMatch(d -> restKinds.contains(d.kind()));
    }

    List<Day> on(LocalDate date) {
        return days.getOrDefault(date, List.of());
    }

    int size() {
        return days.values().stream().mapToInt(List::size).sum();
    }

    private static Map<LocalDate, List<Day>> load(String file) {
        String origin = file == null || file.isBlank() ? "classpath:calendar/thai-holidays.csv" : file;
        try (InputStream in = file == null || file.isBlank() ? new ClassPathResource("calendar/thai-holidays.csv").getInputStream()
                : Files.newInputStream(Path.of(file))) {
            Map<LocalDate, List<Day>> out = parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)), origin);
            log.info("Holiday calendar: {} days from {}", out.size(), origin);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the holiday calendar " + origin, e);
        }
    }

    static Map<LocalDate, List<Day>> parse(BufferedReader reader, String origin) throws IOException {
        Map<LocalDate, List<Day>> out = new HashMap<>();
        String line;
        int number = 0;
        while ((line = reader.readLine()) != null) {
            number++;
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith("date,")) {
                continue;
            }
            String[] parts = trimmed.split(",", -1);
            try {
                if (parts.length < 3) {
                    throw new IllegalArgumentException("expected date,name,kind");
                }
                LocalDate date = LocalDate.parse(parts[0].strip());
                String kind = parts[parts.length - 1].strip();
                String name = String.join(",", java.util.Arrays.copyOfRange(parts, 1, parts.length - 1)).strip();
                out.computeIfAbsent(date, d -> new ArrayList<>()).add(new Day(date, name, kind));
            } catch (DateTimeParseException | IllegalArgumentException e) {
                log.warn("{} line {} skipped ({}): {}", origin, number, e.getMessage(), line);
            }
        }
        return out;
    }
}
