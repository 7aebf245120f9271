package org.sanphalang.stories.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Graph API client against a local stand-in that checks what Facebook would. */
class StoryFacebookPageTest {

    static final FacebookStandIn GRAPH = FacebookStandIn.start();

    final FacebookPage page = new FacebookPage(new FacebookSettings(FacebookStandIn.PAGE, FacebookStandIn.TOKEN,
            GRAPH.graphBaseUrl(), Duration.ofSeconds(5)));

    @BeforeEach
    void reset() {
        GRAPH.reset();
    }

    @AfterAll
    static void stop() {
        GRAPH.close();
    }

    @Test
    void postsThePhotoWithUrlCaptionAndTokenToThePagesPhotosEdge() {
        FacebookPage.Posted posted = page.postPhoto("https://sanphalang.example.org/stories/s1/chart.png", "กลุ่มกล้วยตาก รายได้ 4,500 บาท");

        assertThat(posted.id()).isNotBlank();
        assertThat(posted.deletable()).startsWith(FacebookStandIn.PAGE + "_");
        assertThat(GRAPH.requests()).singleElement().satisfies(r -> {
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.path()).isEqualTo("/v21.0/" + FacebookStandIn.PAGE + "/photos");
            assertThat(r.params()).containsEntry("access_token", FacebookStandIn.TOKEN)
                    .containsEntry("url", "https://sanphalang.example.org/stories/s1/chart.png")
                    .containsEntry("caption", "กลุ่มกล้วยตาก รายได้ 4,500 บาท");
        });
    }

    @Test
    void deletesAPostByItsId() {
        page.delete(FacebookStandIn.PAGE + "_7770001");

        assertThat(GRAPH.requests()).singleElement().satisfies(r -> {
            assertThat(r.method()).isEqualTo("DELETE");
            assertThat(r.path()).isEqualTo("/v21.0/" + FacebookStandIn.PAGE + "_7770001");
            assertThat(r.params()).containsEntry("access_token", FacebookStandIn.TOKEN);
        });
    }

    @Test
    void aFailureCarriesFacebooksMessageButNeverTheToken() {
        GRAPH.failWith(503);

        assertThatThrownBy(() -> page.postPhoto("https://sanphalang.example.org/x.png", "x"))
                .isInstanceOf(FacebookPage.FacebookException.class)
                .hasMessageContaining("503").hasMessageContaining("temporarily unavailable")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(FacebookStandIn.TOKEN));
    }

    @Test
    void aWrongTokenIsRefusedAsFacebookWould() {
        FacebookPage wrong = new FacebookPage(new FacebookSettings(FacebookStandIn.PAGE, "not-the-token", GRAPH.graphBaseUrl(),
                Duration.ofSeconds(5)));

        assertThatThrownBy(() -> wrong.postPhoto("https://sanphalang.example.org/x.png", "x"))
                .hasMessageContaining("Invalid OAuth access token");
    }

    @Test
    void unsetPageOrTokenMeansDisabled() {
        assertThat(new FacebookSettings(null, null, GRAPH.graphBaseUrl(), Duration.ofSeconds(1)).enabled()).isFalse();
        assertThat(new FacebookSettings(FacebookStandIn.PAGE, " ", GRAPH.graphBaseUrl(), Duration.ofSeconds(1)).enabled()).isFalse();
        assertThat(new FacebookSettings(FacebookStandIn.PAGE, "t", GRAPH.graphBaseUrl(), Duration.ofSeconds(1)).toString()).doesNotContain("=t,");
    }
}
