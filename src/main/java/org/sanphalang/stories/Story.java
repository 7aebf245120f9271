package org.sanphalang.stories;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.sanphalang.checkin.Totals;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * An outcome story: a draft composed from real figures, edited by an officer, then published (and perhaps retracted).
 *
 * @param period          {@code 2026-W48}, {@code 2026-11} or {@code 2026-11-01..2026-11-20}
 * @param groupIds        the registered groups the scope resolved to, inside the drafting officer's area
 * @param groupNames      their display names (public: a group's name is not personal data)
 * @param current         the groups' totals for the period
 * @param previous        the same for the period before (same length)
 * @param photoCandidates photo ids (LINE message ids) that passed the consent rule when drafted
 * @param selectedPhotos  the ones the officer chose (a subset); served publicly only once published
 * @param claims          channel → state, so each channel is published once however often publish is called
 */
@Document(Story.COLLECTION)
public record Story(
        @Id String id,
        Status status,
        String period,
        String periodLabel,
        String previousLabel,
        Scope scope,
        String scopeLabel,
        String lang,
        String areaAmphoe,
        String areaTambon,
        List<String> groupIds,
        List<String> groupNames,
        Totals current,
        Totals previous,
        int needsResolved,
        int supportReceived,
        List<String> supportFrom,
        String headline,
        String text,
        List<String> photoCandidates,
        List<String> selectedPhotos,
        String createdBy,
        Instant createdAt,
        Instant updatedAt,
        Instant publishedAt,
        String publishedBy,
        Instant retractedAt,
        String retractedBy,
        List<Publication> publications,
        Map<String, String> claims) {

    public static final String COLLECTION = "stories";

    public enum Status { DRAFT, PUBLISHED, RETRACTED }

    /** What the story is about; all optional, all combined (an empty scope is the officer's whole area). */
    public record Scope(String product, String tambon, String village, String lineGroupId) {
    }

    /**
     * One publication on one channel.
     *
     * @param channel    {@code line-groups}, {@code line-followers} or {@code facebook}
     * @param status     {@code queued} (LINE pushes in the outbox), {@code posted}, {@code not-available}, {@code failed}
     * @param targets    the LINE groups pushed to, or the Facebook Page id
     * @param externalId the Facebook post id
     * @param retraction what retracting did: {@code deleted}, {@code not retractable on LINE}, an error …
     */
    public record Publication(String channel, String status, List<String> targets, String externalId, Instant at, String by,
                              String note, Instant retractedAt, String retraction) {
    }

    public Story {
        groupIds = groupIds == null ? List.of() : groupIds;
        groupNames = groupNames == null ? List.of() : groupNames;
        supportFrom = supportFrom == null ? List.of() : supportFrom;
        photoCandidates = photoCandidates == null ? List.of() : photoCandidates;
        selectedPhotos = selectedPhotos == null ? List.of() : selectedPhotos;
        publications = publications == null ? List.of() : publications;
        claims = claims == null ? Map.of() : claims;
        current = current == null ? Totals.NONE : current;
        previous = previous == null ? Totals.NONE : previous;
    }

    public boolean isPublic() {
        return status == Status.PUBLISHED;
    }

    public boolean english() {
        return "en".equals(lang);
    }
}
