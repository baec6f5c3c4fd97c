package io.workshopstate.standalone;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Readiness follows the database: the service runs on a PostgreSQL server of this test's own, which the
 * test stops and starts again, as an operator's restart or a network cut would.
 */
class ReadinessIT {

    private EmbeddedPostgres postgres;
    private Path dataDirectory;
    private ConfigurableApplicationContext service;

    @AfterEach
    void stopEverything() throws IOException {
        if (service != null) {
            service.close();
        }
        if (postgres != null) {
            postgres.close();
        }
        if (dataDirectory != null) {
            FileSystemUtils.deleteRecursively(dataDirectory);
        }
    }

    @Test
    void readinessIsDownWhileTheDatabaseIsUnreachableAndComesBackByItself() throws Exception {
        dataDirectory = Files.createTempDirectory("readiness-it-postgres");
        postgres = startPostgres(0);
        int databasePort = postgres.getPort();
        service = new SpringApplicationBuilder(StandaloneApplication.class).run(
                "--server.port=0",
                "--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                "--spring.datasource.username=postgres",
                "--spring.datasource.password=",
                "--workshop.jwt.secret=" + Tokens.SECRET);
        ApiClient api = new ApiClient(service.getEnvironment().getRequiredProperty("local.server.port", Integer.class));

        ApiClient.Response ready = awaitReadiness(api, 200, Duration.ofSeconds(30));
        assertThat(ready.body().at("/components/db/status").asString()).isEqualTo("UP");
        assertThat(ready.body().at("/components/projections/status").asString()).isEqualTo("UP");
        assertThat(ready.body().at("/components/projections/details/eventsBehind").asLong()).isZero();

        postgres.close();
        postgres = null;
        ApiClient.Response down = awaitReadiness(api, 503, Duration.ofSeconds(30));
        assertThat(down.body().at("/components/db/status").asString()).isEqualTo("DOWN");
        assertThat(api.get("/actuator/health/liveness", null).status())
                .as("the process itself is fine; restarting it would not bring the database back")
                .isEqualTo(200);

        postgres = startPostgres(databasePort);
        awaitReadiness(api, 200, Duration.ofSeconds(60));
        ApiClient.Response created = api.post("/api/workshops", Tokens.facilitator("facilitator-after-outage"),
                Map.of("title", "After the outage", "stepCount", 2));
        assertThat(created.status()).as(created.rawBody()).isEqualTo(201);
        awaitProjectionOfEveryEvent(api);
    }

    /** The lag is measured from the stored tokens; once the new event is projected, they say so. */
    private static void awaitProjectionOfEveryEvent(ApiClient api) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode projections;
        do {
            projections = api.get("/actuator/health/readiness", null).body().at("/components/projections/details");
            if (projections.path("headIndex").asLong(-1) >= 0
                    && projections.path("projectedIndex").asLong(-1) >= projections.path("headIndex").asLong()) {
                break;
            }
            Thread.sleep(250);
        } while (System.nanoTime() < deadline);
        assertThat(projections.path("headIndex").asLong(-1)).as(projections.toString()).isNotNegative();
        assertThat(projections.path("projectedIndex").asLong(-1)).as(projections.toString())
                .isGreaterThanOrEqualTo(projections.path("headIndex").asLong());
        assertThat(projections.path("eventsBehind").asLong(-1)).isZero();
    }

    /** The same data directory each time, and the same port, so the service's URL stays valid. */
    private EmbeddedPostgres startPostgres(int port) throws IOException {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false);
        if (port != 0) {
            builder.setPort(port);
        }
        return builder.start();
    }

    private static ApiClient.Response awaitReadiness(ApiClient api, int status, Duration patience)
            throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        ApiClient.Response response;
        do {
            response = api.get("/actuator/health/readiness", null);
            if (response.status() == status) {
                return response;
            }
            Thread.sleep(250);
        } while (System.nanoTime() < deadline);
        assertThat(response.status()).as("readiness after %s: %s", patience, response.rawBody()).isEqualTo(status);
        return response;
    }
}
