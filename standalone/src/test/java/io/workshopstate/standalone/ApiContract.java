package io.workshopstate.standalone;

import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The routes and error statuses of {@code docs/API.md}, read from its tables, so the contract itself,
 * not a copy of it in a test, is what the OpenAPI description is checked against.
 */
final class ApiContract {

    record Route(String method, String path) {

        /** Path variables compare by position, not by name. */
        String key() {
            return method + " " + path.replaceAll("\\{[^}]*}", "{}");
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private static final Pattern ROUTE_ROW = Pattern.compile("^\\|\\s*`(GET|POST|PUT|PATCH|DELETE) (/[^`\\s?]*)`");
    private static final Pattern STATUS_ROW = Pattern.compile("^\\|.*\\|\\s*(\\d{3})\\s*\\|\\s*$");

    private final List<String> lines;

    private ApiContract(List<String> lines) {
        this.lines = lines;
    }

    static ApiContract fromRepository() {
        Path here = Path.of("").toAbsolutePath();
        for (Path directory = here; directory != null; directory = directory.getParent()) {
            Path candidate = directory.resolve("docs").resolve("API.md");
            if (Files.isRegularFile(candidate)) {
                try {
                    return new ApiContract(Files.readAllLines(candidate));
                } catch (IOException failure) {
                    throw new UncheckedIOException(failure);
                }
            }
        }
        throw new IllegalStateException("docs/API.md not found above " + here);
    }

    static ApiContract of(String markdown) {
        return new ApiContract(markdown.lines().toList());
    }

    Set<Route> routes() {
        Set<Route> routes = new LinkedHashSet<>();
        for (String line : lines) {
            Matcher row = ROUTE_ROW.matcher(line);
            if (row.find()) {
                routes.add(new Route(row.group(1), row.group(2)));
            }
        }
        return routes;
    }

    /** The statuses of the "Errors" section's table. */
    Set<Integer> errorStatuses() {
        Set<Integer> statuses = new TreeSet<>();
        boolean inErrors = false;
        for (String line : lines) {
            if (line.startsWith("## ")) {
                inErrors = line.trim().equals("## Errors");
                continue;
            }
            Matcher row = STATUS_ROW.matcher(line);
            if (inErrors && row.matches()) {
                statuses.add(Integer.parseInt(row.group(1)));
            }
        }
        return statuses;
    }

    /** The contract's routes that the OpenAPI description ({@code /v3/api-docs}) lacks. */
    Set<Route> missingFrom(JsonNode openApi) {
        Set<String> described = new LinkedHashSet<>();
        openApi.path("paths").properties().forEach(path -> path.getValue().propertyNames().forEach(method ->
                described.add(new Route(method.toUpperCase(Locale.ROOT), path.getKey()).key())));
        Set<Route> missing = new LinkedHashSet<>();
        for (Route route : routes()) {
            if (!described.contains(route.key())) {
                missing.add(route);
            }
        }
        return missing;
    }
}
