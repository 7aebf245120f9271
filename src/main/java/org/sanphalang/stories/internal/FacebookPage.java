package org.sanphalang.stories.internal;

import java.net.http.HttpClient;

import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Posts to and deletes from the Facebook Page through the Graph API: {@code POST /{page-id}/photos} with the chart's
 * public {@code url} and a {@code caption} (headline, text, link to the story page), and {@code DELETE /{post-id}}.
 * The token goes in the form body (POST) or the query (DELETE), never in a log line or an error message.
 */
@Component
public class FacebookPage {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final FacebookSettings settings;
    private final RestClient client;

    FacebookPage(FacebookSettings settings) {
        this.settings = settings;
        HttpClient http = HttpClient.newBuilder().connectTimeout(settings.timeout()).build();
        JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(http);
        factory.setReadTimeout(settings.timeout());
        String base = settings.graphBaseUrl().toString();
        this.client = RestClient.builder().baseUrl(base.endsWith("/") ? base.substring(0, base.length() - 1) : base)
                .requestFactory(factory).build();
    }

    public boolean enabled() {
        return settings.enabled();
    }

    public String pageId() {
        return settings.pageId();
    }

    /** What the Page answered: the photo's id and the id of the feed post that shows it. */
    public record Posted(String id, String postId) {

        /** What to delete to take it down. */
        public String deletable() {
            return postId != null ? postId : id;
        }
    }

    public static final class FacebookException extends RuntimeException {
        FacebookException(String message) {
            super(message);
        }
    }

    public Posted postPhoto(String imageUrl, String caption) {
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("url", imageUrl);
        form.add("caption", caption);
        form.add("published", "true");
        form.add("access_token", settings.pageToken());
        JsonNode answer = call(() -> client.post().uri("/{page}/photos", settings.pageId())
                .contentType(MediaType.APPLICATION_FORM_URLENCODED).body(form).retrieve().body(String.class));
        String id = answer.path("id").asString(null);
        if (id == null) {
            throw new FacebookException("Facebook answered without a post id");
        }
        return new Posted(id, answer.path("post_id").asString(null));
    }

    public void delete(String postId) {
        JsonNode answer = call(() -> client.delete().uri(b -> b.path("/{post}").queryParam("access_token", "{token}")
                .build(postId, settings.pageToken())).retrieve().body(String.class));
        if (answer.has("success") && !answer.path("success").asBoolean()) {
            throw new FacebookException("Facebook did not delete the post");
        }
    }

    private JsonNode call(java.util.function.Supplier<String> request) {
        try {
            String body = request.get();
            return body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (RestClientResponseException e) {
            String message;
            try {
                message = JSON.readTree(e.getResponseBodyAsString()).path("error").path("message").asString("");
            } catch (RuntimeException notJson) {
                message = "";
            }
            throw new FacebookException("Facebook answered " + e.getStatusCode().value() + (message.isBlank() ? "" : ": " + message));
        } catch (RestClientException e) {
            throw new FacebookException("Facebook could not be reached: " + e.getClass().getSimpleName());
        }
    }
}
