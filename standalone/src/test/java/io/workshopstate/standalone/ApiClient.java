package io.workshopstate.standalone;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

/** A client of the API as a browser app would be: plain HTTP and JSON, nothing shared with the server. */
final class ApiClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;

    ApiClient(int port) {
        this("http://localhost:" + port);
    }

    ApiClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    record Response(int status, JsonNode body, HttpHeaders headers, String rawBody) {

        String text(String field) {
            return body.get(field).asString();
        }

        long number(String field) {
            return body.get(field).asLong();
        }
    }

    Response get(String path, String token) {
        return send(request(path, token).GET().build());
    }

    /**
     * GETs until the answer is no longer 503, which a read gives while the projection catches up
     * (after a restart, a failure or a rebuild), or until the time runs out.
     */
    Response getWhenProjected(String path, String token, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Response response = get(path, token);
        while (response.status() == 503 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return response;
            }
            response = get(path, token);
        }
        return response;
    }

    /**
     * Polls {@code GET /api/admin/projections} until the first projection's last rebuild has ended (completed or
     * failed) or the time runs out; each answer's projection goes to {@code seen}. Returns the last one.
     */
    JsonNode awaitRebuild(String adminToken, Duration timeout, Consumer<JsonNode> seen) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode projection;
        String state;
        do {
            Thread.sleep(200);
            projection = get("/api/admin/projections", adminToken).body().get(0);
            seen.accept(projection);
            state = projection.get("lastRebuild").get("state").asString();
        } while (!state.equals("COMPLETED") && !state.equals("FAILED") && System.nanoTime() < deadline);
        return projection;
    }

    /** A page or a text document: the body is not read as JSON. */
    Response getText(String path) {
        return send(request(path, null).GET().build());
    }

    Response post(String path, String token, Object body) {
        return post(path, token, body, Map.of());
    }

    Response post(String path, String token, Object body, Map<String, String> headers) {
        String json = body instanceof String raw ? raw : JSON.writeValueAsString(body);
        HttpRequest.Builder builder = request(path, token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        headers.forEach(builder::header);
        return send(builder.build());
    }

    Response delete(String path, String token) {
        return send(request(path, token).DELETE().build());
    }

    Response postRaw(String path, String token, String contentType, String body) {
        HttpRequest.Builder builder = request(path, token).POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            builder.header("Content-Type", contentType);
        }
        return send(builder.build());
    }

    /** Sends the body without a Content-Length, in chunks, as a client streaming an upload does. */
    Response postChunked(String path, String token, String contentType, byte[] body) {
        return send(request(path, token).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build());
    }

    private HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    private Response send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            String raw = response.body();
            boolean text = response.headers().firstValue("Content-Type").orElse("").startsWith("text/");
            JsonNode body = raw == null || raw.isBlank() || text ? JSON.nullNode() : JSON.readTree(raw);
            return new Response(response.statusCode(), body, response.headers(), raw);
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(interrupted);
        }
    }
}
