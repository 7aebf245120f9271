package org.sanphalang.stories.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.sanphalang.checkin.Totals;
import org.sanphalang.flex.ThaiDates;
import org.sanphalang.groups.LineGroup;
import org.sanphalang.officers.Area;
import org.sanphalang.stories.Story;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * Words for a story, Thai first ({@code lang=th}) or English ({@code lang=en}): the labels of its period and scope,
 * a headline and a short text written from the figures, and the rows of key figures shown on the card and the page.
 * Only group names, places, products and figures go in — never a person.
 */
@Component
public class StoryWriter {

    static final Locale THAI = Locale.forLanguageTag("th");

    private final MessageSource texts;

    public StoryWriter(MessageSource texts) {
        this.texts = texts;
    }

    /** What the words are written from. */
    public record Facts(String lang, String periodLabel, String previousLabel, String scopeLabel, int groups, Totals current,
                        Totals previous, int needsResolved, int supportReceived) {

        boolean en() {
            return "en".equals(lang);
        }
    }

    public record Row(String label, String value, String change) {
    }

    public static Facts facts(Story s) {
        return new Facts(s.lang(), s.periodLabel(), s.previousLabel(), s.scopeLabel(), s.groupIds().size(), s.current(),
                s.previous(), s.needsResolved(), s.supportReceived());
    }

    // ------------------------------------------------------------------ labels

    public String periodLabel(StoryPeriod p, String lang) {
        boolean en = "en".equals(lang);
        return switch (p.kind()) {
            case MONTH -> en ? p.first().format(DateTimeFormatter.ofPattern("MMMM yyyy", Locale.ENGLISH))
                    : "เดือน" + ThaiDates.month(p.first()) + " " + ThaiDates.year(p.first());
            case WEEK -> (en ? "the week of " : "สัปดาห์ ") + span(p.first(), p.last(), en);
            case RANGE -> span(p.first(), p.last(), en);
        };
    }

    private static String span(LocalDate first, LocalDate last, boolean en) {
        if (en) {
            DateTimeFormatter full = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH);
            return (first.getMonth() == last.getMonth() && first.getYear() == last.getYear() ? String.valueOf(first.getDayOfMonth())
                    : first.format(DateTimeFormatter.ofPattern("d MMM", Locale.ENGLISH))) + "–" + last.format(full);
        }
        boolean sameMonth = first.getMonth() == last.getMonth() && first.getYear() == last.getYear();
        return first.getDayOfMonth() + (sameMonth ? "" : " " + ThaiDates.month(first)
                + (first.getYear() == last.getYear() ? "" : " " + ThaiDates.year(first))) + "–" + ThaiDates.date(last);
    }

    public String previousLabel(StoryPeriod p, String lang) {
        boolean en = "en".equals(lang);
        return switch (p.kind()) {
            case MONTH -> en ? "last month" : "เดือนก่อน";
            case WEEK -> en ? "last week" : "สัปดาห์ก่อน";
            case RANGE -> en ? "the period before" : "ช่วงก่อนหน้า";
        };
    }

    public String scopeLabel(Story.Scope scope, List<LineGroup> groups, Area area, String lang) {
        boolean en = "en".equals(lang);
        if (scope.lineGroupId() != null && groups.size() == 1) {
            return groups.get(0).displayName();
        }
        List<String> parts = new ArrayList<>();
        parts.add(scope.product() == null ? (en ? "Producer groups" : "กลุ่มผู้ผลิต")
                : en ? scope.product() + " producer groups" : "กลุ่มผู้ผลิต" + scope.product());
        if (scope.village() != null) {
            parts.add(en ? "in " + scope.village() : "ใน" + scope.village());
        }
        if (scope.tambon() != null) {
            parts.add(en ? (scope.village() == null ? "in " : "") + "Tambon " + scope.tambon() : "ตำบล" + scope.tambon());
        }
        if (scope.village() == null && scope.tambon() == null) {
            boolean district = area != null && area.amphoe() != null && !area.amphoe().isBlank();
            boolean tambon = district && area.tambon() != null && !area.tambon().isBlank();
            parts.add(!district ? (en ? "across the province" : "ทั้งจังหวัด")
                    : tambon ? (en ? "in Tambon " + area.tambon() : "ตำบล" + area.tambon())
                    : (en ? "in " + area.amphoe() + " district" : "อำเภอ" + area.amphoe()));
        }
        return String.join(" ", parts);
    }

    // ------------------------------------------------------------------ headline and text

    public String headline(Facts f) {
        boolean en = f.en();
        Totals now = f.current();
        if (now.revenueBaht().signum() > 0) {
            String change = changePhrase(now.revenueBaht(), f.previous().revenueBaht(), f.previousLabel(), en);
            return en ? "%s, %s: ฿%s in sales%s".formatted(f.scopeLabel(), f.periodLabel(), number(now.revenueBaht()), change)
                    : "%s %s รายได้ %s บาท%s".formatted(f.scopeLabel(), f.periodLabel(), number(now.revenueBaht()), change);
        }
        if (!now.produced().isEmpty()) {
            return en ? "%s, %s: produced %s".formatted(f.scopeLabel(), f.periodLabel(), quantities(now.produced(), en))
                    : "%s %s ผลิตได้ %s".formatted(f.scopeLabel(), f.periodLabel(), quantities(now.produced(), en));
        }
        if (now.visitors() > 0) {
            return en ? "%s, %s: %d visitors".formatted(f.scopeLabel(), f.periodLabel(), now.visitors())
                    : "%s %s มีผู้มาเยือน %d คน".formatted(f.scopeLabel(), f.periodLabel(), now.visitors());
        }
        return en ? "%s, %s: no results reported yet".formatted(f.scopeLabel(), f.periodLabel())
                : "%s %s ยังไม่มีการรายงานผล".formatted(f.scopeLabel(), f.periodLabel());
    }

    public String text(Facts f) {
        boolean en = f.en();
        Totals now = f.current();
        List<String> parts = new ArrayList<>();
        if (!now.produced().isEmpty()) {
            parts.add((en ? "produced " : "ผลิต ") + quantities(now.produced(), en));
        }
        if (!now.sold().isEmpty()) {
            parts.add((en ? "sold " : "ขายได้ ") + quantities(now.sold(), en));
        }
        if (now.revenueBaht().signum() > 0 || f.previous().revenueBaht().signum() > 0) {
            String before = number(f.previous().revenueBaht());
            parts.add(en ? "earned ฿%s in all (%s: ฿%s)".formatted(number(now.revenueBaht()), f.previousLabel(), before)
                    : "มีรายได้รวม %s บาท (%s %s บาท)".formatted(number(now.revenueBaht()), f.previousLabel(), before));
        }
        if (now.visitors() > 0) {
            parts.add(en ? "welcomed %d visitors".formatted(now.visitors()) : "มีผู้มาเยือน %d คน".formatted(now.visitors()));
        }
        StringBuilder out = new StringBuilder();
        String who = f.groups() == 1 ? f.scopeLabel()
                : en ? "%s (%d groups)".formatted(f.scopeLabel(), f.groups()) : "%s (%d กลุ่ม)".formatted(f.scopeLabel(), f.groups());
        if (parts.isEmpty()) {
            out.append(en ? "In %s, %s reported no figures yet.".formatted(f.periodLabel(), who)
                    : "%s %s ยังไม่ได้รายงานตัวเลข".formatted(f.periodLabel(), who));
        } else {
            out.append(en ? "In %s, %s %s.".formatted(f.periodLabel(), who, joinEnglish(parts))
                    : "%s %s %s".formatted(f.periodLabel(), who, String.join(" ", parts)));
        }
        if (f.needsResolved() > 0) {
            out.append(en ? " %d of the problems the groups raised %s solved.".formatted(f.needsResolved(), f.needsResolved() == 1 ? "was" : "were")
                    : " ปัญหาที่กลุ่มแจ้งได้รับการแก้ไขแล้ว %d เรื่อง".formatted(f.needsResolved()));
        }
        if (f.supportReceived() > 0) {
            out.append(en ? " Agencies gave support %d %s.".formatted(f.supportReceived(), f.supportReceived() == 1 ? "time" : "times")
                    : " ได้รับการสนับสนุนจากหน่วยงาน %d ครั้ง".formatted(f.supportReceived()));
        }
        out.append(en ? " Thank you to every member who reported." : " ขอบคุณสมาชิกทุกคนที่ร่วมรายงานผล");
        return out.toString();
    }

    private static String joinEnglish(List<String> parts) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        return String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.get(parts.size() - 1);
    }

    private static String changePhrase(BigDecimal now, BigDecimal before, String previousLabel, boolean en) {
        if (before.signum() == 0) {
            return "";
        }
        int cmp = now.compareTo(before);
        if (cmp == 0) {
            return en ? ", the same as " + previousLabel : " เท่ากับ" + previousLabel;
        }
        String pct = percent(now, before).abs() + "%";
        return en ? (cmp > 0 ? ", up " : ", down ") + pct + " on " + previousLabel
                : (cmp > 0 ? " เพิ่มขึ้น " : " ลดลง ") + pct + " จาก" + previousLabel;
    }

    // ------------------------------------------------------------------ figures

    public List<Row> rows(Facts f) {
        boolean en = f.en();
        Totals now = f.current();
        Totals before = f.previous();
        List<Row> rows = new ArrayList<>();
        rows.add(new Row(en ? "Produced" : "ผลิต", quantities(now.produced(), en), change(sum(now.produced()), sum(before.produced()), en)));
        rows.add(new Row(en ? "Sold" : "ขายได้", quantities(now.sold(), en), change(sum(now.sold()), sum(before.sold()), en)));
        rows.add(new Row(en ? "Revenue" : "รายได้", (en ? "฿" : "") + number(now.revenueBaht()) + (en ? "" : " บาท"),
                change(now.revenueBaht(), before.revenueBaht(), en)));
        rows.add(new Row(en ? "Visitors" : "ผู้มาเยือน", now.visitors() + (en ? "" : " คน"),
                change(BigDecimal.valueOf(now.visitors()), BigDecimal.valueOf(before.visitors()), en)));
        rows.add(new Row(en ? "Needs resolved" : "ปัญหาที่แก้ได้", f.needsResolved() + (en ? "" : " เรื่อง"), ""));
        rows.add(new Row(en ? "Support received" : "การสนับสนุน", f.supportReceived() + (en ? "" : " ครั้ง"), ""));
        return rows;
    }

    /** "▲ 12%", "▼ 3%", "เท่าเดิม" / "same", "ใหม่" / "new" when there was nothing before, "" when nothing either time. */
    public static String change(BigDecimal now, BigDecimal before, boolean en) {
        if (now.signum() == 0 && before.signum() == 0) {
            return "";
        }
        int cmp = now.compareTo(before);
        if (cmp == 0) {
            return en ? "same" : "เท่าเดิม";
        }
        if (before.signum() == 0) {
            return en ? "new" : "ใหม่";
        }
        return (cmp > 0 ? "▲ " : "▼ ") + percent(now, before).abs() + "%";
    }

    static BigDecimal percent(BigDecimal now, BigDecimal before) {
        return now.subtract(before).multiply(BigDecimal.valueOf(100)).divide(before.abs(), 0, RoundingMode.HALF_UP);
    }

    public static BigDecimal sum(Map<String, BigDecimal> byUnit) {
        return byUnit.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    public String quantities(Map<String, BigDecimal> byUnit, boolean en) {
        if (byUnit.isEmpty()) {
            return "0";
        }
        List<String> out = new ArrayList<>();
        byUnit.forEach((unit, qty) -> {
            String name = texts.getMessage("unit." + unit, null, "", en ? Locale.ENGLISH : THAI);
            out.add((number(qty) + " " + name).strip());
        });
        return String.join(en ? ", " : " และ ", out);
    }

    public String agency(String code, boolean en) {
        return texts.getMessage("agency." + code, null, code, en ? Locale.ENGLISH : THAI);
    }

    public static String number(BigDecimal value) {
        return new DecimalFormat("#,##0.##", DecimalFormatSymbols.getInstance(Locale.US)).format(value);
    }
}
