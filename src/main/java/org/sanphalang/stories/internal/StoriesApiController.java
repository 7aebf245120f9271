package org.sanphalang.stories.internal;

import java.security.Principal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.sanphalang.officers.Area;
import org.sanphalang.officers.Officers;
import org.sanphalang.stories.Stories;
import org.sanphalang.stories.Story;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The officers' side: draft, preview, edit, publish and retract outcome stories, each within the officer's area. */
@RestController
class StoriesApiController {

    private final Stories stories;
    private final Officers officers;
    private final StoryWriter writer;
    private final PhotoConsent consent;

    StoriesApiController(Stories stories, Officers officers, StoryWriter writer, PhotoConsent consent) {
        this.stories = stories;
        this.officers = officers;
        this.writer = writer;
        this.consent = consent;
    }

    record NewStory(String period, Story.Scope scope, String lang) {
    }

    record Edit(String headline, String text, List<String> photos) {
    }

    record Publish(List<String> channels) {
    }

    @PostMapping("/api/v1/stories")
    ResponseEntity<Object> draft(@RequestBody NewStory body, Principal principal) {
        Story story = stories.draft(principal.getName(), officers.currentArea(), body.period(), body.scope(), body.lang());
        return ResponseEntity.status(HttpStatus.CREATED).body(view(story));
    }

    @GetMapping("/api/v1/stories/{id}")
    ResponseEntity<Object> get(@PathVariable String id) {
        return ResponseEntity.ok(view(stories.find(id, area()).orElseThrow(Stories.StoryException.notFound())));
    }

    @PatchMapping("/api/v1/stories/{id}")
    ResponseEntity<Object> edit(@PathVariable String id, @RequestBody Edit body, Principal principal) {
        return ResponseEntity.ok(view(stories.edit(id, area(), principal.getName(), body.headline(), body.text(), body.photos())));
    }

    @PostMapping("/api/v1/stories/{id}/publish")
    ResponseEntity<Object> publish(@PathVariable String id, @RequestBody(required = false) Publish body, Principal principal) {
        List<Stories.ChannelResult> results = stories.publish(id, area(), principal.getName(), body == null ? null : body.channels());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", id);
        out.put("url", stories.pageUrl(id));
        out.put("channels", results);
        boolean failed = results.stream().anyMatch(r -> r.status().equals("failed"));
        return ResponseEntity.status(failed ? HttpStatus.BAD_GATEWAY : HttpStatus.OK).body(out);
    }

    @PostMapping("/api/v1/stories/{id}/retract")
    ResponseEntity<Object> retract(@PathVariable String id, Principal principal) {
        List<Story.Publication> publications = stories.retract(id, area(), principal.getName());
        return ResponseEntity.ok(Map.of("id", id, "status", Story.Status.RETRACTED, "publications", publications));
    }

    /** An officer's look at a candidate photo before choosing it (never public). */
    @GetMapping("/api/v1/stories/{id}/photos/{photoId}")
    ResponseEntity<byte[]> photo(@PathVariable String id, @PathVariable String photoId) {
        Story story = stories.find(id, area()).orElseThrow(Stories.StoryException.notFound());
        if (!story.photoCandidates().contains(photoId)) {
            throw new Stories.StoryException(404, "not_found", "No such photo in this story");
        }
        PhotoConsent.Photo photo = consent.showable(photoId, story.groupIds())
                .orElseThrow(() -> new Stories.StoryException(404, "not_found", "This photo may no longer be shown"));
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(photo.contentType()))
                .cacheControl(CacheControl.noStore()).body(photo.data());
    }

    @ExceptionHandler(Stories.StoryException.class)
    ResponseEntity<Object> failed(Stories.StoryException e) {
        return ResponseEntity.status(e.status()).body(Map.of("error", e.error(), "message", e.getMessage()));
    }

    private Area area() {
        return officers.currentArea();
    }

    private Map<String, Object> view(Story s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", s.id());
        out.put("status", s.status());
        out.put("headline", s.headline());
        out.put("text", s.text());
        out.put("imageUrl", stories.imageUrl(s.id()));
        out.put("url", stories.pageUrl(s.id()));
        out.put("lang", s.lang());
        out.put("period", s.period());
        out.put("periodLabel", s.periodLabel());
        out.put("scope", s.scope());
        out.put("scopeLabel", s.scopeLabel());
        out.put("groups", s.groupNames());
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("current", s.current());
        figures.put("previous", s.previous());
        figures.put("needsResolved", s.needsResolved());
        figures.put("supportReceived", s.supportReceived());
        figures.put("supportFrom", s.supportFrom());
        figures.put("rows", writer.rows(StoryWriter.facts(s)));
        out.put("figures", figures);
        List<Map<String, Object>> photos = new ArrayList<>();
        for (String photo : s.photoCandidates()) {
            photos.add(Map.of("id", photo, "selected", s.selectedPhotos().contains(photo),
                    "previewUrl", "/api/v1/stories/" + s.id() + "/photos/" + photo));
        }
        out.put("photos", photos);
        out.put("createdBy", s.createdBy());
        out.put("createdAt", s.createdAt());
        out.put("publishedAt", s.publishedAt());
        out.put("retractedAt", s.retractedAt());
        out.put("publications", s.publications());
        return out;
    }
}
