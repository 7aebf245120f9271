package org.sanphalang.stories.internal;

import java.time.Duration;

import org.sanphalang.officers.Officers;
import org.sanphalang.stories.Stories;
import org.sanphalang.stories.Story;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * What anyone may see: a published story's page, its chart and its selected photos. A draft or retracted story is a
 * plain 404 (its chart is also shown to a logged-in officer of its area, for the preview).
 */
@RestController
class PublicStoryController {

    private static final MediaType HTML = MediaType.parseMediaType("text/html;charset=UTF-8");

    private final Stories stories;
    private final StoryPage page;
    private final ChartRenderer charts;
    private final PhotoConsent consent;
    private final Officers officers;

    PublicStoryController(Stories stories, StoryPage page, ChartRenderer charts, PhotoConsent consent, Officers officers) {
        this.stories = stories;
        this.page = page;
        this.charts = charts;
        this.consent = consent;
        this.officers = officers;
    }

    @GetMapping("/stories/{id}")
    ResponseEntity<String> page(@PathVariable String id) {
        return stories.find(id).filter(Story::isPublic)
                .map(s -> ResponseEntity.ok().contentType(HTML).cacheControl(CacheControl.maxAge(Duration.ofMinutes(1)))
                        .body(page.render(s, base())))
                .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(HTML).body(page.notFound()));
    }

    @GetMapping("/stories/{id}/chart.png")
    ResponseEntity<byte[]> chart(@PathVariable String id) {
        return stories.find(id)
                .filter(s -> s.isPublic() || (officers.current().isPresent() && stories.find(id, officers.currentArea()).isPresent()))
                .map(s -> ResponseEntity.ok().contentType(MediaType.IMAGE_PNG)
                        .cacheControl(s.isPublic() ? CacheControl.maxAge(Duration.ofMinutes(5)) : CacheControl.noStore())
                        .body(charts.render(s)))
                .orElseGet(() -> ResponseEntity.notFound().build());
    }

    @GetMapping("/stories/{id}/photos/{file}")
    ResponseEntity<byte[]> photo(@PathVariable String id, @PathVariable String file) {
        if (!file.matches("[1-9][0-9]?\\.jpg")) {
            return ResponseEntity.notFound().build();
        }
        int n = Integer.parseInt(file.substring(0, file.length() - 4));
        return stories.find(id).filter(Story::isPublic).filter(s -> n <= s.selectedPhotos().size())
                .flatMap(s -> consent.showable(s.selectedPhotos().get(n - 1), s.groupIds()))
                .map(p -> ResponseEntity.ok().contentType(MediaType.parseMediaType(p.contentType()))
                        .cacheControl(CacheControl.maxAge(Duration.ofMinutes(5))).body(p.data()))
                .orElseGet(() -> ResponseEntity.notFound().build());
    }

    private String base() {
        return stories.publicBaseUrl().orElseGet(() -> ServletUriComponentsBuilder.fromCurrentContextPath().build().toUriString());
    }
}
