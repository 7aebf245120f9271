package org.sanphalang.stories.internal;

import java.util.List;

import org.sanphalang.stories.Story;
import org.springframework.stereotype.Component;
import org.springframework.web.util.HtmlUtils;

/**
 * The public page of a published story, rendered by hand with every value HTML-escaped: Thai first, readable on a
 * phone, with Open Graph tags so a link shared on Facebook or LINE shows the headline, the text and the chart. It
 * shows group names, places, figures and the officer's words only — no LINE id, no person's name, no villager's
 * message.
 */
@Component
public class StoryPage {

    private final StoryWriter writer;

    StoryPage(StoryWriter writer) {
        this.writer = writer;
    }

    /**
     * @param base absolute address of this site (no trailing slash), for the Open Graph tags
     */
    public String render(Story story, String base) {
        boolean en = story.english();
        String pageUrl = base + "/stories/" + story.id();
        String chartUrl = pageUrl + "/chart.png";
        StringBuilder h = new StringBuilder(8192);
        h.append("<!DOCTYPE html>\n<html lang=\"").append(en ? "en" : "th").append("\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(e(story.headline())).append("</title>\n")
                .append(meta("description", summary(story.text())))
                .append(og("og:type", "article"))
                .append(og("og:site_name", en ? "Sanphalang" : "สานพลัง"))
                .append(og("og:locale", en ? "en_US" : "th_TH"))
                .append(og("og:title", story.headline()))
                .append(og("og:description", summary(story.text())))
                .append(og("og:url", pageUrl))
                .append(og("og:image", chartUrl))
                .append(og("og:image:type", "image/png"))
                .append(og("og:image:width", Integer.toString(ChartRenderer.WIDTH)))
                .append(og("og:image:height", Integer.toString(ChartRenderer.HEIGHT)))
                .append(og("og:image:alt", story.scopeLabel() + " " + story.periodLabel()))
                .append(meta("twitter:card", "summary_large_image"))
                .append("<style>\n")
                .append("body{margin:0;font-family:'Noto Sans Thai','Sarabun','Garuda',Tahoma,sans-serif;background:#F1F8E9;color:#212121;line-height:1.6}\n")
                .append("main{max-width:720px;margin:0 auto;background:#fff;min-height:100vh}\n")
                .append("header{background:#2E7D32;color:#fff;padding:20px 16px}header p{margin:0;opacity:.9}\n")
                .append("h1{font-size:1.5rem;margin:.2em 0 .4em;line-height:1.35}section{padding:12px 16px}\n")
                .append("img{max-width:100%;height:auto;display:block;border-radius:8px}\n")
                .append("table{width:100%;border-collapse:collapse;font-size:1.05rem}td{padding:8px 4px;border-bottom:1px solid #E8F5E9}\n")
                .append("td.v{text-align:right;font-weight:bold}td.c{text-align:right;color:#616161;white-space:nowrap}\n")
                .append(".photos{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:8px}\n")
                .append("footer{padding:16px;color:#757575;font-size:.9rem}\n")
                .append("</style>\n</head>\n<body>\n<main>\n<header>\n")
                .append("<p>").append(e(story.scopeLabel())).append("</p>\n")
                .append("<h1>").append(e(story.headline())).append("</h1>\n")
                .append("<p>").append(e(story.periodLabel())).append("</p>\n</header>\n")
                .append("<section>\n<p>").append(e(story.text()).replace("\n", "<br>")).append("</p>\n</section>\n")
                .append("<section>\n<img src=\"").append(e(chartUrl)).append("\" width=\"").append(ChartRenderer.WIDTH)
                .append("\" height=\"").append(ChartRenderer.HEIGHT).append("\" alt=\"")
                .append(e((en ? "Chart: " : "แผนภูมิ: ") + story.scopeLabel() + " " + story.periodLabel())).append("\">\n</section>\n")
                .append("<section>\n<h2>").append(en ? "Key figures" : "ตัวเลขสำคัญ").append("</h2>\n<table>\n");
        for (StoryWriter.Row row : writer.rows(StoryWriter.facts(story))) {
            h.append("<tr><td>").append(e(row.label())).append("</td><td class=\"v\">").append(e(row.value()))
                    .append("</td><td class=\"c\">").append(e(row.change())).append("</td></tr>\n");
        }
        h.append("</table>\n<p>").append(e(en ? "Change compared with " + story.previousLabel() : "เทียบกับ" + story.previousLabel()))
                .append("</p>\n</section>\n");
        if (!story.supportFrom().isEmpty()) {
            h.append("<section>\n<h2>").append(en ? "Support from" : "หน่วยงานที่ให้การสนับสนุน").append("</h2>\n<ul>\n");
            story.supportFrom().forEach(a -> h.append("<li>").append(e(a)).append("</li>\n"));
            h.append("</ul>\n</section>\n");
        }
        if (!story.selectedPhotos().isEmpty()) {
            h.append("<section class=\"photos\">\n");
            for (int n = 1; n <= story.selectedPhotos().size(); n++) {
                h.append("<img src=\"").append(e(pageUrl + "/photos/" + n + ".jpg")).append("\" loading=\"lazy\" alt=\"")
                        .append(e((en ? "Photo from " : "ภาพจาก") + story.scopeLabel())).append("\">\n");
            }
            h.append("</section>\n");
        }
        List<String> names = story.groupNames();
        h.append("<section>\n<h2>").append(en ? "Groups" : "กลุ่มที่ร่วมรายงาน").append(" (").append(names.size()).append(")</h2>\n<p>")
                .append(e(String.join(", ", names))).append("</p>\n</section>\n")
                .append("<footer>").append(en ? "Figures reported by the groups through Sanphalang (LINE)."
                        : "ตัวเลขจากการรายงานของกลุ่มผ่าน LINE สานพลัง").append("</footer>\n</main>\n</body>\n</html>\n");
        return h.toString();
    }

    public String notFound() {
        return "<!DOCTYPE html>\n<html lang=\"th\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>ไม่พบเรื่องราว</title></head>"
                + "<body><p>ไม่พบเรื่องราวนี้ / This story is not available.</p></body></html>\n";
    }

    private static String summary(String text) {
        String oneLine = text == null ? "" : text.replaceAll("\\s+", " ").strip();
        return oneLine.length() > 200 ? oneLine.substring(0, 199) + "…" : oneLine;
    }

    private static String og(String property, String content) {
        return "<meta property=\"" + property + "\" content=\"" + e(content) + "\">\n";
    }

    private static String meta(String name, String content) {
        return "<meta name=\"" + name + "\" content=\"" + e(content) + "\">\n";
    }

    static String e(String s) {
        return s == null ? "" : HtmlUtils.htmlEscape(s, "UTF-8");
    }
}
