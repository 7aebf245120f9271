package org.sanphalang.stories.internal;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The Facebook Page stories are posted to. Publishing to Facebook is off until both the page id and a Page access
 * token are set (see the README, "Facebook Page access token").
 *
 * @param pageId       the Page's numeric id
 * @param pageToken    a (long-lived) Page access token with pages_manage_posts and pages_read_engagement
 * @param graphBaseUrl the Graph API, versioned
 * @param timeout      connect and read timeout of each call
 */
@ConfigurationProperties("sanphalang.facebook")
public record FacebookSettings(String pageId, String pageToken,
                               @DefaultValue("https://graph.facebook.com/v21.0") URI graphBaseUrl,
                               @DefaultValue("10s") Duration timeout) {

    public boolean enabled() {
        return pageId != null && !pageId.isBlank() && pageToken != null && !pageToken.isBlank();
    }

    @Override
    public String toString() {
        return "FacebookSettings[pageId=" + pageId + ", pageToken=" + (pageToken == null ? "unset" : "(set)")
                + ", graphBaseUrl=" + graphBaseUrl + "]";
    }
}
