package io.workshopstate.platform.openapi;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.responses.ApiResponse;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpStatus;
import org.springframework.core.io.support.ResourcePatternResolver;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;

/**
 * Request and response examples, kept as plain JSON beside each side's controllers
 * ({@code openapi/examples/*.json}), keyed by {@code "METHOD /path"}: they read like the API contract,
 * and the controllers stay free of JSON in annotations.
 */
final class Examples {

    static final String LOCATION = "classpath*:openapi/examples/*.json";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One route's examples: the request body, and the answer body by status code. */
    record RouteExamples(Object request, Map<String, Object> responses) {
    }

    private final Map<String, RouteExamples> byRoute;

    private Examples(Map<String, RouteExamples> byRoute) {
        this.byRoute = byRoute;
    }

    static Examples load(ResourcePatternResolver resources) {
        Map<String, RouteExamples> byRoute = new HashMap<>();
        try {
            for (Resource resource : resources.getResources(LOCATION)) {
                try (InputStream in = resource.getInputStream()) {
                    byRoute.putAll(JSON.readValue(in, new TypeReference<Map<String, RouteExamples>>() {
                    }));
                }
            }
        } catch (IOException failure) {
            throw new UncheckedIOException("Could not read the OpenAPI examples at " + LOCATION, failure);
        }
        return new Examples(byRoute);
    }

    void applyTo(String route, Operation operation) {
        RouteExamples examples = byRoute.get(route);
        if (examples == null) {
            return;
        }
        if (examples.request() != null && operation.getRequestBody() != null) {
            contentOf(operation.getRequestBody().getContent()).values()
                    .forEach(mediaType -> mediaType.setExample(examples.request()));
        }
        if (examples.responses() != null && operation.getResponses() != null) {
            // "200 text/markdown" sets the example of one media type; "200" those of the others.
            examples.responses().entrySet().stream()
                    .sorted(Comparator.comparing((Map.Entry<String, Object> entry) -> !entry.getKey().contains(" ")))
                    .forEach(entry -> {
                        String[] statusAndMediaType = entry.getKey().split(" ", 2);
                        ApiResponse response = responseFor(operation, statusAndMediaType[0]);
                        response.getContent().forEach((name, mediaType) -> {
                            boolean chosen = statusAndMediaType.length == 2 ? statusAndMediaType[1].equals(name)
                                    : mediaType.getExample() == null;
                            if (chosen) {
                                mediaType.setExample(entry.getValue());
                            }
                        });
                    });
        }
    }

    private static ApiResponse responseFor(Operation operation, String status) {
        ApiResponse response = operation.getResponses().get(status);
        if (response == null) {
            response = new ApiResponse().description(HttpStatus.valueOf(Integer.parseInt(status)).getReasonPhrase());
            operation.getResponses().addApiResponse(status, response);
        }
        if (response.getContent() == null) {
            response.setContent(new Content().addMediaType("application/json", new MediaType()));
        }
        return response;
    }

    private static Content contentOf(Content content) {
        return content == null ? new Content() : content;
    }
}
