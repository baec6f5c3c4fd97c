package io.workshopstate.platform.openapi;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.workshopstate.platform.problem.ProblemType;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.http.ProblemDetail;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adds to the generated description what all API routes have in common: the bearer scheme and the
 * problem answers that follow from a route's shape (a body can be malformed or too large, a path id can
 * name nothing). Answers that depend on a route's rules, 403 for a role and 409 for a conflict, are
 * declared on the route with {@code @ApiResponse(ref = ...)} to the responses defined here.
 */
public class ApiDescription implements OpenApiCustomizer {

    public static final String BEARER = "bearer";
    public static final String FORBIDDEN = "#/components/responses/Forbidden";
    public static final String CONFLICT = "#/components/responses/Conflict";
    public static final String GONE = "#/components/responses/Gone";

    private static final String PROBLEM_JSON = "application/problem+json";
    private static final String PROBLEM_SCHEMA = "#/components/schemas/Problem";

    private final Examples examples;

    ApiDescription(Examples examples) {
        this.examples = examples;
    }

    @Override
    public void customise(OpenAPI openApi) {
        Components components = openApi.getComponents() == null ? new Components() : openApi.getComponents();
        openApi.setComponents(components);
        components.addSchemas("Problem", problemSchema());
        problemResponses().forEach(components::addResponses);
        if (openApi.getPaths() == null) {
            return;
        }
        openApi.getPaths().forEach((path, item) -> {
            if (path.startsWith("/api/")) {
                item.readOperationsMap().forEach((method, operation) -> describe(method, path, operation));
            }
        });
    }

    private void describe(PathItem.HttpMethod method, String path, Operation operation) {
        operation.setSecurity(List.of(new SecurityRequirement().addList(BEARER)));
        ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        operation.setResponses(responses);
        boolean hasBody = operation.getRequestBody() != null;
        List<Parameter> parameters = operation.getParameters() == null ? List.of() : operation.getParameters();
        boolean hasPathId = parameters.stream().anyMatch(parameter -> "path".equals(parameter.getIn()));
        if (hasBody || !parameters.isEmpty()) {
            addIfAbsent(responses, "400", "BadRequest");
        }
        addIfAbsent(responses, "401", "Unauthorized");
        if (hasPathId) {
            addIfAbsent(responses, "404", "NotFound");
        }
        if (hasBody) {
            addIfAbsent(responses, "413", "ContentTooLarge");
            addIfAbsent(responses, "415", "UnsupportedMediaType");
        }
        if (hasPathId || hasBody) {
            addIfAbsent(responses, "503", "ServiceUnavailable");
        }
        addIfAbsent(responses, "500", "InternalServerError");
        examples.applyTo(method.name() + " " + path, operation);
    }

    private static void addIfAbsent(ApiResponses responses, String status, String component) {
        if (!responses.containsKey(status)) {
            responses.addApiResponse(status, new ApiResponse().$ref("#/components/responses/" + component));
        }
    }

    private static Schema<?> problemSchema() {
        Schema<?> fieldError = new ObjectSchema()
                .addProperty("field", new StringSchema().example("stepNumber"))
                .addProperty("message", new StringSchema().example("must be greater than or equal to 1"));
        return new ObjectSchema()
                .description("RFC 9457 problem details; `type` tells the kinds of error apart")
                .addProperty("type", new StringSchema().format("uri").example(ProblemType.NOT_FOUND.type().toString()))
                .addProperty("title", new StringSchema())
                .addProperty("status", new IntegerSchema())
                .addProperty("detail", new StringSchema())
                .addProperty("instance", new StringSchema().format("uri"))
                .addProperty("errors", new ArraySchema().items(fieldError)
                        .description("On a 400: each bad field"))
                .addProperty("currentRevision", new IntegerSchema().format("int64")
                        .description("On a stale revision: the step's current revision"))
                .addProperty("currentText", new StringSchema()
                        .description("On a stale revision: the step's current text"))
                .addProperty("baseRevision", new IntegerSchema().format("int64")
                        .description("On a stale revision: the expectedRevision sent, the client's base"))
                .addProperty("baseText", new StringSchema()
                        .description("On a stale revision: the base's text, for a three-way merge"))
                .addProperty("yourText", new StringSchema()
                        .description("On a stale save: the text the client sent"));
    }

    private static Map<String, ApiResponse> problemResponses() {
        Map<String, ApiResponse> responses = new LinkedHashMap<>();
        responses.put("BadRequest", problem("Malformed JSON, a missing or out-of-range field, a bad UUID",
                example(ProblemType.INVALID_REQUEST, "stepNumber must be greater than or equal to 1",
                        Map.of("errors", List.of(Map.of("field", "stepNumber",
                                "message", "must be greater than or equal to 1")))),
                example(ProblemType.MALFORMED_JSON, "The request body is not valid JSON",
                        Map.of("errors", List.of(Map.of("field", "body", "message", "is not valid JSON"))))));
        responses.put("Unauthorized", problem("No bearer token, or one that is malformed, expired or wrongly signed",
                example(ProblemType.UNAUTHENTICATED, "A valid bearer token is required", Map.of())));
        responses.put("Forbidden", problem("Signed in, but the route needs another role, or another owner",
                example(ProblemType.FORBIDDEN, "Your role does not allow this request", Map.of())));
        responses.put("NotFound", problem("No such session or workshop, or one the caller may not see",
                example(ProblemType.NOT_FOUND, "No such session or workshop", Map.of())));
        Map<String, Object> stale = new LinkedHashMap<>();
        stale.put("currentRevision", 3);
        stale.put("currentText", "Users feel lost");
        stale.put("baseRevision", 2);
        stale.put("baseText", "Users feel");
        stale.put("yourText", "Users feel unheard");
        responses.put("Conflict", problem("A stale expectedRevision, a closed workshop, or nothing to undo or redo "
                        + "(nothing was written)",
                example(ProblemType.STALE_REVISION, "Step 1 is at revision 3, not 2", stale),
                example(ProblemType.WORKSHOP_CLOSED, "The workshop is closed and takes no more writes", Map.of()),
                example(ProblemType.NOTHING_TO_REVERT, "Nothing to undo on step 1: revision 1 is its first text",
                        Map.of())));
        responses.put("Gone", problem("The session's participant was erased; it takes no more writes",
                example(ProblemType.ERASED, "This session's data was erased; it takes no more writes", Map.of())));
        responses.put("ContentTooLarge", problem("A request body over 1 MiB",
                example(ProblemType.PAYLOAD_TOO_LARGE, "The request body must not exceed 1048576 bytes", Map.of())));
        responses.put("UnsupportedMediaType", problem("A request body that is not JSON",
                example(ProblemType.UNSUPPORTED_MEDIA_TYPE, "Content-Type 'text/plain' is not supported", Map.of())));
        responses.put("ServiceUnavailable", problem("""
                        The read model did not reach the version asked for (`minVersion`, or the last write) in \
                        time, or a session took too many concurrent writes; retry after `Retry-After` seconds""",
                example(ProblemType.PROJECTION_BEHIND, "The session has not reached version 7 yet; retry shortly",
                        Map.of()),
                example(ProblemType.WRITE_CONTENTION, "The session kept changing while this write was retried",
                        Map.of()))
                .addHeaderObject("Retry-After", new Header().description("Seconds to wait before retrying")
                        .schema(new IntegerSchema())));
        responses.put("InternalServerError", problem("A fault of the service; it is logged, never shown",
                example(ProblemType.INTERNAL, "The request could not be completed; it has been logged", Map.of())));
        return responses;
    }

    @SafeVarargs
    private static ApiResponse problem(String description, Map.Entry<String, Example>... examples) {
        MediaType mediaType = new MediaType().schema(new Schema<>().$ref(PROBLEM_SCHEMA));
        for (Map.Entry<String, Example> example : examples) {
            mediaType.addExamples(example.getKey(), example.getValue());
        }
        return new ApiResponse().description(description).content(new Content().addMediaType(PROBLEM_JSON, mediaType));
    }

    private static Map.Entry<String, Example> example(ProblemType type, String detail, Map<String, Object> extra) {
        ProblemDetail problem = type.toProblem(detail);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", problem.getType().toString());
        body.put("title", problem.getTitle());
        body.put("status", problem.getStatus());
        body.put("detail", problem.getDetail());
        body.putAll(extra);
        String name = type.type().toString().substring(type.type().toString().lastIndexOf(':') + 1);
        return Map.entry(name, new Example().summary(problem.getTitle()).value(body));
    }
}
