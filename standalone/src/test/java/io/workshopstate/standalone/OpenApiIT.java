package io.workshopstate.standalone;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;

import static org.assertj.core.api.Assertions.assertThat;

/** The generated OpenAPI description against the contract in docs/API.md. */
class OpenApiIT extends HttpIntegrationTest {

    private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");

    private final ApiContract contract = ApiContract.fromRepository();
    private JsonNode description;

    @BeforeEach
    void readDescription() {
        ApiClient.Response response = api.get("/v3/api-docs", null);
        assertThat(response.status()).as(response.rawBody()).isEqualTo(200);
        description = response.body();
    }

    @Test
    void everyRouteOfTheContractIsDescribed() {
        assertThat(contract.routes()).as("routes read from docs/API.md").hasSizeGreaterThanOrEqualTo(11);
        assertThat(contract.missingFrom(description)).as("routes of docs/API.md missing from /v3/api-docs").isEmpty();
    }

    @Test
    void aRouteMissingFromTheDescriptionIsReported() {
        ObjectNode withoutSave = (ObjectNode) description.deepCopy();
        ((ObjectNode) withoutSave.get("paths")).remove("/api/workshop/save");

        assertThat(contract.missingFrom(withoutSave)).extracting(ApiContract.Route::toString)
                .containsExactly("POST /api/workshop/save");
    }

    @Test
    void everyApiRouteNeedsTheBearerTokenAndSaysSo() {
        JsonNode scheme = description.at("/components/securitySchemes/bearer");
        assertThat(scheme.path("type").asString()).isEqualTo("http");
        assertThat(scheme.path("scheme").asString()).isEqualTo("bearer");
        assertThat(scheme.path("bearerFormat").asString()).isEqualTo("JWT");
        forEachApiOperation((route, operation) -> {
            assertThat(operation.path("security").toString()).as(route).isEqualTo("[{\"bearer\":[]}]");
            assertThat(operation.path("responses").has("401")).as(route + " documents 401").isTrue();
        });
    }

    @Test
    void everyProblemStatusOfTheContractIsDocumentedAsAProblem() {
        Set<Integer> documented = new TreeSet<>();
        forEachApiOperation((route, operation) -> operation.path("responses").propertyNames().stream()
                .filter(status -> status.startsWith("4") || status.startsWith("5"))
                .forEach(status -> documented.add(Integer.parseInt(status))));
        assertThat(contract.errorStatuses()).as("statuses read from the Errors table of docs/API.md")
                .contains(400, 401, 403, 404, 409, 410, 413, 415, 503);
        assertThat(documented).containsAll(contract.errorStatuses());

        JsonNode responses = description.at("/components/responses");
        for (String component : responses.propertyNames()) {
            JsonNode content = responses.get(component).path("content").path("application/problem+json");
            assertThat(content.at("/schema/$ref").asString()).as(component).isEqualTo("#/components/schemas/Problem");
            assertThat(content.path("examples").size()).as(component + " examples").isPositive();
            content.path("examples").values().forEach(example ->
                    assertThat(example.at("/value/type").asString()).startsWith("urn:workshop-state:problem:"));
        }
        assertThat(description.at("/paths/~1api~1workshop~1save/post/responses/409/$ref").asString())
                .isEqualTo("#/components/responses/Conflict");
        assertThat(responses.at("/Conflict/content/application~1problem+json/examples").propertyNames())
                .containsExactlyInAnyOrder("stale-revision", "workshop-closed", "nothing-to-revert");
    }

    @Test
    void everyApiRouteHasAnExampleOfItsAnswerAndOfItsRequestBody() {
        forEachApiOperation((route, operation) -> {
            JsonNode requestBody = operation.path("requestBody").path("content");
            requestBody.values().forEach(mediaType ->
                    assertThat(mediaType.has("example")).as(route + " request example").isTrue());
            List<String> successes = new ArrayList<>();
            operation.path("responses").properties().stream()
                    .filter(response -> response.getKey().startsWith("2"))
                    .forEach(response -> {
                        successes.add(response.getKey());
                        JsonNode content = response.getValue().path("content");
                        assertThat(content.size()).as(route + " " + response.getKey() + " content").isPositive();
                        content.values().forEach(mediaType -> {
                            assertThat(mediaType.has("schema")).as(route + " " + response.getKey() + " schema").isTrue();
                            assertThat(mediaType.has("example")).as(route + " " + response.getKey() + " example").isTrue();
                        });
                    });
            assertThat(successes).as(route + " success answers").isNotEmpty();
        });
        assertThat(description.at("/paths/~1api~1workshop~1session~1create/post/responses").propertyNames())
                .contains("200", "201");
    }

    @Test
    void swaggerUiIsServed() {
        ApiClient.Response page = api.getText("/swagger-ui/index.html");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.rawBody()).contains("swagger-ui");
    }

    private void forEachApiOperation(BiConsumer<String, JsonNode> check) {
        description.path("paths").properties().forEach(path -> {
            if (path.getKey().startsWith("/api/")) {
                path.getValue().properties().stream()
                        .filter(operation -> METHODS.contains(operation.getKey()))
                        .forEach(operation -> check.accept(
                                operation.getKey().toUpperCase() + " " + path.getKey(), operation.getValue()));
            }
        });
    }
}
