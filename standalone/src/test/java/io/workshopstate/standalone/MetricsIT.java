package io.workshopstate.standalone;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** /actuator/prometheus carries the series an operator's dashboards and alerts are built on. */
class MetricsIT extends HttpIntegrationTest {

    @Test
    void thePrometheusEndpointExposesTheNamedSeries() throws InterruptedException {
        String participant = Tokens.participant(uniqueUser("participant"));
        String sessionId = startSession(participant, createWorkshop(Tokens.facilitator(uniqueUser("facilitator")), 3));
        saveStep(participant, sessionId, 1, "measured");
        // Only its route matters here; a context that has just started may still answer 503 while it catches up.
        api.get("/api/workshop/" + sessionId, participant);

        // The event store is counted every 15 s, so the first count may predate this test's events.
        String metrics = scrapeUntil(Duration.ofSeconds(30), "eventProcessor_successCounter_total\\{",
                "workshop_eventstore_events [1-9]");

        assertThat(metrics)
                .as("HTTP latency histogram per route")
                .containsPattern("http_server_requests_seconds_bucket\\{[^}]*uri=\"/api/workshop/save\"[^}]*le=")
                .containsPattern("http_server_requests_seconds_bucket\\{[^}]*uri=\"/api/workshop/\\{sessionId}\"")
                .as("Axon's command bus and event processors")
                .containsPattern("commandBus_successCounter_total\\{[^}]*payloadType=\"SaveStepResponse\"")
                .containsPattern("eventProcessor_successCounter_total\\{[^}]*processorName=\"workshop-views\"")
                .containsPattern("eventProcessor_latency\\{[^}]*processorName=\"workshop-views\"")
                .as("projection lag in time and in events")
                .containsPattern("workshop_projection_lag_seconds\\{processor=\"workshop-views\"} \\d")
                .containsPattern("workshop_projection_lag_events\\{processor=\"workshop-views\"} \\d")
                .as("event store size")
                .containsPattern("workshop_eventstore_events [1-9]")
                .containsPattern("workshop_eventstore_size_bytes [1-9]")
                .as("database pool")
                .containsPattern("hikaricp_connections_active\\{")
                .containsPattern("hikaricp_connections_pending\\{");
    }

    /** Some series appear only once their first message went through, or their first measurement ran. */
    private String scrapeUntil(Duration patience, String... patterns) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            ApiClient.Response scrape = api.getText("/actuator/prometheus");
            assertThat(scrape.status()).isEqualTo(200);
            String body = scrape.rawBody();
            boolean complete = true;
            for (String pattern : patterns) {
                complete &= Pattern.compile(pattern).matcher(body).find();
            }
            if (complete || System.nanoTime() > deadline) {
                return body;
            }
            Thread.sleep(200);
        }
    }
}
