package org.sanphalang.stories.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.sanphalang.checkin.Totals;
import org.sanphalang.stories.Story;
import org.springframework.context.support.ResourceBundleMessageSource;

/** The public page escapes what it shows and carries Open Graph tags; the chart is a real PNG of the right shape. */
class StoryPageTest {

    static final StoryWriter WRITER;

    static {
        ResourceBundleMessageSource m = new ResourceBundleMessageSource();
        m.setBasename("messages");
        m.setDefaultEncoding("UTF-8");
        m.setFallbackToSystemLocale(false);
        WRITER = new StoryWriter(m);
    }

    static Story story(String headline, String text, String lang) {
        Totals now = new Totals(Map.of("pack", new BigDecimal("250")), Map.of(), new BigDecimal("4500"), BigDecimal.ZERO, 12, 3, Map.of());
        return new Story("s-1", Story.Status.PUBLISHED, "2026-11", "เดือนพ.ย. 2569", "เดือนก่อน",
                new Story.Scope(null, null, null, "Cabc"), "กลุ่มกล้วยตาก", lang, "แม่พริก", null, List.of("Ca1234567890"),
                List.of("กลุ่มกล้วยตาก"), now, Totals.NONE, 1, 0, List.of(), headline, text, List.of(), List.of(), "officer1",
                Instant.now(), Instant.now(), Instant.now(), "officer1", null, null, List.of(), Map.of());
    }

    @Test
    void escapesTheOfficersWordsEverywhereTheyAppear() {
        String html = new StoryPage(WRITER).render(story("<script>alert(1)</script> \"ขายดี\"", "A & B <b>bold</b>", "th"),
                "https://sanphalang.example.org");

        assertThat(html).doesNotContain("<script>").doesNotContain("<b>bold")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt; &quot;ขายดี&quot;").contains("A &amp; B &lt;b&gt;bold&lt;/b&gt;");
    }

    @Test
    void carriesOpenGraphTagsWithAbsoluteAddressesAndThaiFirst() {
        String html = new StoryPage(WRITER).render(story("กลุ่มกล้วยตาก รายได้ 4,500 บาท", "ผลิต 250 ห่อ", "th"),
                "https://sanphalang.example.org");

        assertThat(html).contains("<html lang=\"th\">", "name=\"viewport\"",
                "<meta property=\"og:title\" content=\"กลุ่มกล้วยตาก รายได้ 4,500 บาท\">",
                "<meta property=\"og:description\" content=\"ผลิต 250 ห่อ\">",
                "<meta property=\"og:image\" content=\"https://sanphalang.example.org/stories/s-1/chart.png\">",
                "<meta property=\"og:url\" content=\"https://sanphalang.example.org/stories/s-1\">",
                "<meta property=\"og:locale\" content=\"th_TH\">", "4,500 บาท", "ผู้มาเยือน");
        assertThat(html).doesNotContain("Ca1234567890").doesNotContain("officer1");
    }

    @Test
    void theChartIsA1200By630Png() throws Exception {
        byte[] png = new ChartRenderer().render(story("h", "t", "th"));

        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(image.getWidth()).isEqualTo(1200);
        assertThat(image.getHeight()).isEqualTo(630);
        assertThat(new ChartRenderer().render(story("h", "t", "en"))).isNotEmpty();
    }
}
