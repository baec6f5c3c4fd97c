package io.workshopstate.standalone;

import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What API.md promises of every error answer, checked from the client's side of the wire. */
final class Problems {

    static final String TYPE_PREFIX = "urn:workshop-state:problem:";

    private Problems() {
    }

    /**
     * An RFC 9457 body with the given status and type, no trace of the server's insides, and for a
     * {@code 400} at least one named bad field.
     */
    static JsonNode assertProblem(ApiClient.Response response, int status, String typeSlug) {
        String raw = response.rawBody();
        assertThat(response.status()).as(raw).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).as(raw)
                .hasValueSatisfying(contentType -> assertThat(contentType).startsWith("application/problem+json"));
        JsonNode body = response.body();
        assertThat(body.path("type").asString()).as(raw).isEqualTo(TYPE_PREFIX + typeSlug);
        assertThat(body.path("title").asString()).as(raw).isNotBlank();
        assertThat(body.path("status").asInt()).as(raw).isEqualTo(status);
        assertThat(body.path("detail").asString()).as(raw).isNotBlank();
        assertThat(raw).as("no stack trace or class names in an answer")
                .doesNotContain("Exception", "\tat ", "\"trace\"", "java.", "org.springframework", "org.axonframework");
        if (status == 400) {
            assertThat(fieldsNamedIn(body)).as(raw).isNotEmpty();
        }
        return body;
    }

    /** A {@code 400} of type invalid-request whose {@code errors} name {@code field}. */
    static JsonNode assertInvalidField(ApiClient.Response response, String field) {
        JsonNode body = assertProblem(response, 400, "invalid-request");
        assertThat(fieldsNamedIn(body)).as(response.rawBody()).contains(field);
        return body;
    }

    static List<String> fieldsNamedIn(JsonNode problem) {
        List<String> fields = new ArrayList<>();
        JsonNode errors = problem.path("errors");
        assertThat(errors.isArray()).as("errors is an array: " + problem).isTrue();
        for (JsonNode error : errors) {
            assertThat(error.path("message").asString()).as(problem.toString()).isNotBlank();
            fields.add(error.path("field").asString());
        }
        return fields;
    }
}
