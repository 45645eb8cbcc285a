package dev.usher.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A few plain requests from the harness itself (set-up, checks, the start-up probe); load comes from wrk. */
final class Http {
    record Answer(int status, String body) {
    }

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    Answer get(String url, String token, Duration timeout) throws IOException {
        return send(request(url, token, timeout).GET().build());
    }

    Answer post(String url, byte[] body, String contentType, String token, Duration timeout) throws IOException {
        return send(request(url, token, timeout).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    Answer postJson(String url, String json, String token) throws IOException {
        return post(url, json.getBytes(StandardCharsets.UTF_8), "application/json", token, Duration.ofSeconds(30));
    }

    private static HttpRequest.Builder request(String url, String token, Duration timeout) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(timeout);
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    private Answer send(HttpRequest request) throws IOException {
        try {
            HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Answer(r.statusCode(), r.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
