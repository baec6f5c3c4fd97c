package io.workshopstate.standalone;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.LIST;
import static org.assertj.core.api.InstanceOfAssertFactories.MAP;

/** The split deployment's docker-compose.yml, checked without a Docker engine. */
class ComposeFileTest {

    private static final List<String> SIDES = List.of("command-side", "query-side");

    private static Path root;
    private static Map<String, Object> compose;
    private static Map<String, Object> services;

    @BeforeAll
    static void parse() throws IOException {
        root = RepositoryRoot.path();
        try (Reader file = Files.newBufferedReader(root.resolve("docker-compose.yml"))) {
            compose = new Yaml(new SafeConstructor(new LoaderOptions())).load(file);
        }
        services = map(compose, "services");
    }

    @Test
    void declaresTheDatabaseBothSidesAndTheGateway() {
        assertThat(services).containsOnlyKeys("postgres", "command-side", "query-side", "gateway");
    }

    @Test
    void onlyTheGatewayPublishesAPortAndItIs8080() {
        for (String name : List.of("postgres", "command-side", "query-side")) {
            assertThat(service(name)).as(name).doesNotContainKey("ports");
        }
        assertThat(service("gateway").get("ports")).isEqualTo(List.of("8080:8080"));
    }

    @Test
    void theDatabaseIsTheOfficialImageOnANamedVolumeWithAHealthCheck() {
        Map<String, Object> postgres = service("postgres");

        assertThat(postgres.get("image")).isEqualTo("postgres:17");
        assertThat(postgres.get("volumes")).asInstanceOf(LIST).singleElement().asString().startsWith("postgres-data:");
        assertThat(map(postgres, "healthcheck").get("test").toString()).contains("pg_isready");
    }

    @ParameterizedTest
    @ValueSource(strings = {"command-side", "query-side"})
    void eachSideReadsTheComposeDatabase(String side) {
        Map<String, Object> environment = map(service(side), "environment");

        assertThat(environment.get("SPRING_DATASOURCE_URL")).asString().startsWith("jdbc:postgresql://postgres:5432/");
        assertThat(environment).containsKeys("SPRING_DATASOURCE_USERNAME", "SPRING_DATASOURCE_PASSWORD");
    }

    @ParameterizedTest
    @ValueSource(strings = {"command-side", "query-side"})
    void eachSideRefusesToStartWithoutAJwtSecret(String side) {
        Map<String, Object> environment = map(service(side), "environment");

        assertThat(environment.get("WORKSHOP_JWT_SECRET")).asString().matches("\\$\\{WORKSHOP_JWT_SECRET:\\?.+}");
    }

    @Test
    void eachSideListensOnItsOwnPortWhereTheGatewayLooksForIt() throws IOException {
        String gatewayConfig = Files.readString(root.resolve("gateway/nginx.conf"));

        assertThat(map(service("command-side"), "environment").get("SERVER_PORT")).isEqualTo("8081");
        assertThat(map(service("query-side"), "environment").get("SERVER_PORT")).isEqualTo("8082");
        assertThat(gatewayConfig).contains("server command-side:8081;", "server query-side:8082;");
    }

    @ParameterizedTest
    @ValueSource(strings = {"command-side", "query-side"})
    void eachSideHasAReadinessHealthCheckAndWaitsForAHealthyDatabase(String side) {
        Map<String, Object> service = service(side);

        assertThat(map(service, "healthcheck").get("test").toString()).contains("/actuator/health/readiness");
        assertThat(map(map(service, "depends_on"), "postgres")).containsEntry("condition", "service_healthy");
    }

    @ParameterizedTest
    @ValueSource(strings = {"command-side", "query-side"})
    void eachSideIsBuiltFromTheSharedDockerfileWithTheRepositoryAsContext(String side) {
        Map<String, Object> build = map(service(side), "build");
        Path context = root.resolve((String) build.get("context")).normalize();

        assertThat(context).isEqualTo(root.normalize());
        assertThat(build).doesNotContainKey("dockerfile");
        assertThat(context.resolve("Dockerfile")).isRegularFile();
        assertThat(map(build, "args")).containsEntry("MODULE", side);
        assertThat(map(build, "args").get("PORT")).isEqualTo(map(service(side), "environment").get("SERVER_PORT"));
        assertThat(root.resolve(side).resolve("pom.xml")).as("MODULE names a module").isRegularFile();
    }

    @Test
    void theGatewayIsNginxWithTheRepositorysConfigAndWaitsForBothSides() {
        Map<String, Object> gateway = service("gateway");

        assertThat(gateway.get("image")).asString().startsWith("nginx");
        assertThat(gateway.get("volumes")).asInstanceOf(LIST).contains("./gateway/nginx.conf:/etc/nginx/nginx.conf:ro");
        assertThat(root.resolve("gateway/nginx.conf")).isRegularFile();
        for (String side : SIDES) {
            assertThat(map(map(gateway, "depends_on"), side)).containsEntry("condition", "service_healthy");
        }
    }

    @Test
    void theDatabaseVolumeIsDeclared() {
        assertThat(compose.get("volumes")).asInstanceOf(MAP)
                .containsKey("postgres-data");
    }

    private static Map<String, Object> service(String name) {
        return map(services, name);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object child = parent.get(key);
        assertThat(child).as("%s is a mapping", key).isInstanceOf(Map.class);
        return (Map<String, Object>) child;
    }
}
