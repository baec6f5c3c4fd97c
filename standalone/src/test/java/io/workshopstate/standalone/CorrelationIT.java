package io.workshopstate.standalone;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** One save followed by its correlation id: request log, stored event, projection log. */
@ExtendWith(OutputCaptureExtension.class)
class CorrelationIT extends HttpIntegrationTest {

    private static final String PROJECTION_LOGGER = "io.workshopstate.query.projection.CorrelationLogContext";

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    LoggingSystem loggingSystem;

    @AfterEach
    void quietProjectionLog() {
        loggingSystem.setLogLevel(PROJECTION_LOGGER, null);
    }

    @Test
    void theRequestsCorrelationIdIsInTheStoredEventsMetadata(CapturedOutput output) throws InterruptedException {
        loggingSystem.setLogLevel(PROJECTION_LOGGER, LogLevel.DEBUG);
        String participant = Tokens.participant(uniqueUser("participant"));
        String sessionId = startSession(participant, createWorkshop(Tokens.facilitator(uniqueUser("facilitator")), 3));
        String correlationId = "it-" + UUID.randomUUID();

        ApiClient.Response saved = api.post("/api/workshop/save", participant,
                Map.of("sessionId", sessionId, "stepNumber", 1, "responseText", "traced"),
                Map.of("X-Correlation-Id", correlationId));

        assertThat(saved.status()).as(saved.rawBody()).isEqualTo(200);
        assertThat(saved.headers().firstValue("X-Correlation-Id")).hasValue(correlationId);
        assertThat(metadataOfEvent(sessionId, saved.number("version"))).contains("\"correlationId\":\"" + correlationId + "\"");
        awaitOutput(output, "Projected StepResponseSaved #" + saved.number("version") + " of " + sessionId);
        assertThat(linesOf(output, correlationId))
                .anySatisfy(line -> assertThat(line).contains("POST /api/workshop/save 200").containsPattern("\\d+ ms"))
                .anySatisfy(line -> assertThat(line).contains("Projected StepResponseSaved"));
    }

    @Test
    void aRequestWithoutACorrelationIdGetsOneThatAlsoReachesTheEvent() {
        String participant = Tokens.participant(uniqueUser("participant"));
        String sessionId = startSession(participant, createWorkshop(Tokens.facilitator(uniqueUser("facilitator")), 3));

        ApiClient.Response saved = api.post("/api/workshop/save", participant,
                Map.of("sessionId", sessionId, "stepNumber", 2, "responseText", "traced too"));

        String correlationId = saved.headers().firstValue("X-Correlation-Id").orElseThrow();
        assertThat(correlationId).isNotBlank();
        assertThat(metadataOfEvent(sessionId, saved.number("version"))).contains("\"correlationId\":\"" + correlationId + "\"");
    }

    @Test
    void aCorrelationIdThatCouldForgeLogLinesIsReplaced() {
        ApiClient.Response answered = api.post("/api/workshops", null, Map.of("title", "x", "stepCount", 1),
                Map.of("X-Correlation-Id", "abc def\tINFO forged"));

        assertThat(answered.status()).isEqualTo(401);
        assertThat(answered.headers().firstValue("X-Correlation-Id")).hasValueSatisfying(id ->
                assertThat(id).matches("[0-9a-f-]{36}"));
    }

    private String metadataOfEvent(String sessionId, long version) {
        byte[] metadata = jdbc.queryForObject("SELECT meta_data FROM domain_event_entry "
                + "WHERE aggregate_identifier = ? AND sequence_number = ?", byte[].class, sessionId, version - 1);
        return new String(metadata, StandardCharsets.UTF_8);
    }

    private static List<String> linesOf(CapturedOutput output, String text) {
        return output.getOut().lines().filter(line -> line.contains(text)).toList();
    }

    private static void awaitOutput(CapturedOutput output, String text) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!output.getOut().contains(text) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(output.getOut()).contains(text);
    }
}
