package org.sanphalang.stories;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.sanphalang.checkin.Totals;
import org.sanphalang.officers.Area;
import org.sanphalang.stories.internal.StoryPeriod;
import org.sanphalang.stories.internal.StoryWriter;
import org.springframework.context.support.ResourceBundleMessageSource;

/** The words of a story come from its figures, in Thai by default and in English on request. */
class StoryWriterTest {

    static final StoryWriter WRITER = new StoryWriter(messages());

    static ResourceBundleMessageSource messages() {
        ResourceBundleMessageSource m = new ResourceBundleMessageSource();
        m.setBasename("messages");
        m.setDefaultEncoding("UTF-8");
        m.setFallbackToSystemLocale(false);
        return m;
    }

    static final Totals NOVEMBER = new Totals(Map.of("pack", new BigDecimal("250")), Map.of("pack", new BigDecimal("180")),
            new BigDecimal("4500"), BigDecimal.ZERO, 12, 5, Map.of());
    static final Totals OCTOBER = new Totals(Map.of("pack", new BigDecimal("200")), Map.of("pack", new BigDecimal("150")),
            new BigDecimal("3600"), BigDecimal.ZERO, 10, 4, Map.of());

    StoryWriter.Facts facts(String lang, Totals now, Totals before) {
        StoryPeriod month = StoryPeriod.parse("2026-11");
        return new StoryWriter.Facts(lang, WRITER.periodLabel(month, lang), WRITER.previousLabel(month, lang),
                "กลุ่มกล้วยตากบ้านหนองบัว", 1, now, before, 2, 1);
    }

    @Test
    void thaiHeadlineGivesRevenueAndItsRiseOnTheMonthBefore() {
        String headline = WRITER.headline(facts("th", NOVEMBER, OCTOBER));

        assertThat(headline).isEqualTo("กลุ่มกล้วยตากบ้านหนองบัว เดือนพ.ย. 2569 รายได้ 4,500 บาท เพิ่มขึ้น 25% จากเดือนก่อน");
    }

    @Test
    void thaiTextNamesEveryFigureNeedsAndSupportButNoPerson() {
        String text = WRITER.text(facts("th", NOVEMBER, OCTOBER));

        assertThat(text).contains("ผลิต 250 ห่อ", "ขายได้ 180 ห่อ", "รายได้รวม 4,500 บาท", "เดือนก่อน 3,600 บาท",
                "ผู้มาเยือน 12 คน", "แก้ไขแล้ว 2 เรื่อง", "การสนับสนุนจากหน่วยงาน 1 ครั้ง");
    }

    @Test
    void englishOnRequest() {
        StoryWriter.Facts f = facts("en", NOVEMBER, OCTOBER);

        assertThat(WRITER.headline(f)).isEqualTo("กลุ่มกล้วยตากบ้านหนองบัว, November 2026: ฿4,500 in sales, up 25% on last month");
        assertThat(WRITER.text(f)).startsWith("In November 2026, กลุ่มกล้วยตากบ้านหนองบัว produced 250 packs, sold 180 packs, "
                + "earned ฿4,500 in all (last month: ฿3,600) and welcomed 12 visitors.").contains("2 of the problems");
    }

    @Test
    void aFallIsCalledAFallAndNothingBeforeIsNew() {
        assertThat(WRITER.headline(facts("th", OCTOBER, NOVEMBER))).endsWith("ลดลง 20% จากเดือนก่อน");
        assertThat(WRITER.headline(facts("en", OCTOBER, NOVEMBER))).endsWith("down 20% on last month");
        assertThat(WRITER.headline(facts("th", NOVEMBER, Totals.NONE))).endsWith("รายได้ 4,500 บาท");
        assertThat(StoryWriter.change(new BigDecimal("5"), BigDecimal.ZERO, false)).isEqualTo("ใหม่");
        assertThat(StoryWriter.change(new BigDecimal("5"), new BigDecimal("5"), true)).isEqualTo("same");
        assertThat(StoryWriter.change(BigDecimal.ZERO, BigDecimal.ZERO, false)).isEmpty();
    }

    @Test
    void aPeriodWithNothingReportedSaysSoHonestly() {
        assertThat(WRITER.headline(facts("th", Totals.NONE, Totals.NONE))).endsWith("ยังไม่มีการรายงานผล");
        assertThat(WRITER.headline(facts("en", Totals.NONE, Totals.NONE))).endsWith("no results reported yet");
    }

    @Test
    void rowsCompareEachFigureWithThePeriodBefore() {
        assertThat(WRITER.rows(facts("th", NOVEMBER, OCTOBER))).extracting(StoryWriter.Row::change)
                .containsExactly("▲ 25%", "▲ 20%", "▲ 25%", "▲ 20%", "", "");
        assertThat(WRITER.rows(facts("en", NOVEMBER, OCTOBER)).get(2).value()).isEqualTo("฿4,500");
    }

    @Test
    void periodsAreWeeksMonthsOrChosenRangesWithAPeriodBeforeOfTheSameLength() {
        assertThat(StoryPeriod.parse("2026-W48").previous().key()).isEqualTo("2026-W47");
        assertThat(StoryPeriod.parse("2026-01").previous().key()).isEqualTo("2025-12");
        StoryPeriod range = StoryPeriod.parse("2026-11-01..2026-11-10");
        assertThat(range.previous().first()).isEqualTo(LocalDate.of(2026, 10, 22));
        assertThat(range.previous().last()).isEqualTo(LocalDate.of(2026, 10, 31));
        assertThat(WRITER.periodLabel(StoryPeriod.parse("2026-W48"), "th")).isEqualTo("สัปดาห์ 23–29 พ.ย. 2569");
        assertThat(WRITER.periodLabel(StoryPeriod.parse("2026-W48"), "en")).isEqualTo("the week of 23–29 Nov 2026");
        assertThatThrownBy(() -> StoryPeriod.parse("2026-11-10..2026-11-01")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StoryPeriod.parse("last month")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void scopeLabelsNameThePlaceOrProductNeverAPerson() {
        assertThat(WRITER.scopeLabel(new Story.Scope(null, null, null, null), List.of(), new Area("แม่พริก", null), "th"))
                .isEqualTo("กลุ่มผู้ผลิต อำเภอแม่พริก");
        assertThat(WRITER.scopeLabel(new Story.Scope("ข้าวแต๋น", "พระบาทวังตวง", null, null), List.of(), Area.EVERYWHERE, "th"))
                .isEqualTo("กลุ่มผู้ผลิตข้าวแต๋น ตำบลพระบาทวังตวง");
        assertThat(WRITER.scopeLabel(new Story.Scope(null, null, null, null), List.of(), new Area("Mae Phrik", null), "en"))
                .isEqualTo("Producer groups in Mae Phrik district");
    }
}
