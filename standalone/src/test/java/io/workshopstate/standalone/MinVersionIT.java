package io.workshopstate.standalone;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Read-your-writes across processes: the command side answers a save with its version, and a GET sent at once to
 * a query side in another process with that version as {@code ?minVersion=} reflects the save, or, when the
 * version is never reached, answers 503 with Retry-After within a few seconds, never an older document.
 */
class MinVersionIT {

    private static final int ROUNDS = 100;
    private static final int STEPS = 3;
    private static final String PROJECTION_BEHIND = "urn:workshop-state:problem:projection-behind";

    private static ServiceProcess commandSide;
    private static ServiceProcess querySide;
    private static ApiClient commands;
    private static ApiClient queries;

    private String participant;
    private String sessionId;

    @BeforeAll
    static void startTheSplitDeployment() {
        Path logs = Path.of(System.getProperty("workshop.process-logs", "target/process-logs"), "MinVersionIT");
        commandSide = ServiceProcess.start(ServiceProcess.Side.COMMAND, "command", logs,
                ServiceProcess.TEST_JVM_OPTIONS, Map.of());
        querySide = ServiceProcess.start(ServiceProcess.Side.QUERY, "query", logs,
                ServiceProcess.TEST_JVM_OPTIONS, Map.of());
        commandSide.awaitReady(Duration.ofSeconds(180));
        querySide.awaitReady(Duration.ofSeconds(180));
        commands = new ApiClient(commandSide.port());
        queries = new ApiClient(querySide.port());
    }

    @AfterAll
    static void stopTheSplitDeployment() {
        if (commandSide != null) {
            commandSide.close();
        }
        if (querySide != null) {
            querySide.close();
        }
    }

    @BeforeEach
    void startASession() {
        ParticipantSession session = ParticipantSession.start(commands, "Read your writes", STEPS);
        participant = session.participant();
        sessionId = session.sessionId();
    }

    @Test
    void aQuerySideReadWithTheSavesVersionAlwaysReflectsTheSave() {
        for (int round = 0; round < ROUNDS; round++) {
            int step = 1 + round % STEPS;
            String text = "round " + round + " of step " + step;
            ApiClient.Response saved = commands.post("/api/workshop/save", participant,
                    Map.of("sessionId", sessionId, "stepNumber", step, "responseText", text));
            assertThat(saved.status()).as(saved.rawBody()).isEqualTo(200);
            long version = saved.number("version");

            JsonNode session = ok(queries.get("/api/workshop/" + sessionId + "?minVersion=" + version, participant),
                    round);
            assertThat(session.get("version").asLong()).as("round %d", round).isEqualTo(version);
            JsonNode response = responseTo(session, step);
            assertThat(response.get("responseText").asString()).as("round %d", round).isEqualTo(text);
            assertThat(response.get("revision").asLong()).as("round %d", round).isEqualTo(saved.number("revision"));

            if (round % 10 == 0) {
                JsonNode history = ok(queries.get("/api/sessions/" + sessionId + "/steps/" + step
                        + "/history?minVersion=" + version, participant), round);
                JsonNode newest = history.get(history.size() - 1);
                assertThat(newest.get("responseText").asString()).as("round %d", round).isEqualTo(text);
                JsonNode events = ok(queries.get("/api/sessions/" + sessionId + "/events?afterSequence="
                        + (version - 1) + "&minVersion=" + version, participant), round);
                assertThat(events.get(0).get("sequence").asLong()).as("round %d", round).isEqualTo(version);
            }
        }
    }

    @Test
    void aQuerySideReadWithTheChatMessagesVersionShowsTheMessage() {
        for (int round = 0; round < ROUNDS / 2; round++) {
            String content = "message " + round;
            ApiClient.Response appended = commands.post("/api/sessions/" + sessionId + "/chat-messages", participant,
                    Map.of("stepNumber", 1, "role", round % 2 == 0 ? "user" : "assistant", "content", content));
            assertThat(appended.status()).as(appended.rawBody()).isEqualTo(201);

            JsonNode session = ok(queries.get("/api/workshop/" + sessionId + "?minVersion="
                    + appended.number("version"), participant), round);
            JsonNode messages = session.get("chatMessages");
            assertThat(messages.size()).as("round %d", round).isEqualTo(round + 1);
            assertThat(messages.get(round).get("messageId").asString()).isEqualTo(appended.text("messageId"));
            assertThat(messages.get(round).get("content").asString()).isEqualTo(content);
        }
    }

    @Test
    void aVersionTheSessionNeverReachesAnswers503WithRetryAfterWithinSeconds() {
        ApiClient.Response saved = commands.post("/api/workshop/save", participant,
                Map.of("sessionId", sessionId, "stepNumber", 1, "responseText", "the only save"));
        assertThat(saved.status()).isEqualTo(200);

        long started = System.nanoTime();
        ApiClient.Response ahead = queries.get("/api/workshop/" + sessionId + "?minVersion="
                + (saved.number("version") + 1), participant);
        Duration waited = Duration.ofNanos(System.nanoTime() - started);

        assertThat(ahead.status()).as(ahead.rawBody()).isEqualTo(503);
        assertThat(ahead.text("type")).isEqualTo(PROJECTION_BEHIND);
        assertThat(ahead.headers().firstValue("Retry-After")).isPresent();
        assertThat(ahead.body().has("version")).as("no document in a 503").isFalse();
        assertThat(waited).as("bounded by workshop.read.max-wait (3 s)").isBetween(Duration.ofSeconds(2),
                Duration.ofSeconds(10));
    }

    private static JsonNode ok(ApiClient.Response answer, int round) {
        assertThat(answer.status()).as("round %d: %s", round, answer.rawBody()).isEqualTo(200);
        return answer.body();
    }

    private static JsonNode responseTo(JsonNode session, int step) {
        for (JsonNode response : session.get("responses")) {
            if (response.get("stepNumber").asInt() == step) {
                return response;
            }
        }
        throw new AssertionError("no response to step " + step + " in " + session);
    }
}
