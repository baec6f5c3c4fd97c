package io.workshopstate.standalone;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole service stopped and started again on the same database: nothing saved is lost, changed or
 * projected twice.
 *
 * <p>The services run in a database of their own on the test server when the server lets the tests
 * create one. The other integration tests keep their application context, and with it an event
 * processor, alive for the whole run; on their database that processor, not the restarted service,
 * could be the one projecting.
 */
class RestartIT {

    private static final String VIEWS_PROCESSOR = "workshop-views";
    private static ScratchDatabase database;

    private final List<ConfigurableApplicationContext> running = new ArrayList<>();

    @BeforeAll
    static void createDatabase() throws SQLException {
        database = ScratchDatabase.create("restart_it");
    }

    @AfterAll
    static void dropDatabase() throws SQLException {
        if (database != null) {
            database.close();
        }
    }

    @AfterEach
    void stopEveryService() {
        for (int i = running.size() - 1; i >= 0; i--) {
            running.get(i).close();
        }
        running.clear();
    }

    @Test
    void aRestartedServiceShowsTheSameSessionAndContinuesItsRevisions() throws SQLException {
        String facilitator = Tokens.facilitator("facilitator-" + UUID.randomUUID());
        String userId = "participant-" + UUID.randomUUID();
        String participant = Tokens.participant(userId);

        RunningService first = start();
        String workshopId = created(first.api().post("/api/workshops", facilitator,
                Map.of("title", "Restart drill", "stepCount", 5))).text("workshopId");
        String sessionId = created(first.api().post("/api/workshop/session/create", participant,
                Map.of("workshopId", workshopId))).text("sessionId");
        save(first, participant, sessionId, 1, "first thought", null);
        save(first, participant, sessionId, 1, "second thought", 2);
        save(first, participant, sessionId, 2, "a prototype on paper", 3);
        List<String> messageIds = new ArrayList<>();
        long lastVersion = 0;
        for (String content : List.of("How do I test this?", "Show it to five users.", "Thanks!")) {
            String messageId = UUID.randomUUID().toString();
            ApiClient.Response appended = first.api().post("/api/sessions/" + sessionId + "/chat-messages", participant,
                    Map.of("messageId", messageId, "stepNumber", 2,
                            "role", content.startsWith("Show") ? "assistant" : "user", "content", content));
            assertThat(appended.status()).as(appended.rawBody()).isEqualTo(201);
            messageIds.add(messageId);
            lastVersion = appended.number("version");
        }
        JsonNode sessionBefore = read(first, participant, "/api/workshop/" + sessionId + "?minVersion=" + lastVersion);
        JsonNode historyBefore = read(first, participant, "/api/sessions/" + sessionId + "/steps/1/history");
        JsonNode eventsBefore = read(first, participant, "/api/sessions/" + sessionId + "/events");
        stop(first);

        RunningService second = start();
        String reopened = Tokens.sign(Tokens.SECRET, userId, List.of("participant"), Duration.ofHours(2));

        JsonNode sessionAfter = read(second, reopened, "/api/workshop/" + sessionId);
        assertThat(sessionAfter).isEqualTo(sessionBefore);
        assertThat(sessionAfter.get("version").asLong()).isEqualTo(lastVersion);
        assertThat(sessionAfter.get("currentStep").asInt()).isEqualTo(3);
        assertThat(sessionAfter.get("chatMessages").values()).extracting(message -> message.get("messageId").asString())
                .containsExactlyElementsOf(messageIds);
        assertThat(read(second, reopened, "/api/sessions/" + sessionId + "/steps/1/history")).isEqualTo(historyBefore);
        assertThat(read(second, reopened, "/api/sessions/" + sessionId + "/events")).isEqualTo(eventsBefore);

        ApiClient.Response resumed = second.api().post("/api/workshop/session/create", reopened,
                Map.of("workshopId", workshopId));
        assertThat(resumed.status()).as(resumed.rawBody()).isEqualTo(200);
        assertThat(resumed.text("sessionId")).isEqualTo(sessionId);
        assertThat(resumed.number("currentStep")).isEqualTo(3);
        assertThat(resumed.number("version")).isEqualTo(lastVersion);

        ApiClient.Response third = save(second, reopened, sessionId, 1, "third thought", null);
        assertThat(third.number("revision")).isEqualTo(3);
        assertThat(third.number("version")).isEqualTo(lastVersion + 1);
        ApiClient.Response unchanged = save(second, reopened, sessionId, 2, "a prototype on paper", null);
        assertThat(unchanged.number("revision")).isEqualTo(1);
        assertThat(unchanged.number("version")).isEqualTo(lastVersion + 1);
        ApiClient.Response afterRestart = second.api().post("/api/sessions/" + sessionId + "/chat-messages", reopened,
                Map.of("stepNumber", 1, "role", "user", "content", "Back again"));
        assertThat(afterRestart.status()).as(afterRestart.rawBody()).isEqualTo(201);

        JsonNode session = read(second, reopened, "/api/workshop/" + sessionId);
        assertThat(session.get("version").asLong()).isEqualTo(lastVersion + 2);
        assertThat(session.get("responses").values())
                .extracting(r -> r.get("stepNumber").asInt() + ":" + r.get("revision").asLong() + ":"
                        + r.get("responseText").asString())
                .containsExactly("1:3:third thought", "2:1:a prototype on paper");
        assertThat(session.get("chatMessages").values()).extracting(message -> message.get("content").asString())
                .containsExactly("How do I test this?", "Show it to five users.", "Thanks!", "Back again");
        assertThat(read(second, reopened, "/api/sessions/" + sessionId + "/steps/1/history").values())
                .extracting(entry -> entry.get("revision").asLong() + ":" + entry.get("responseText").asString())
                .containsExactly("1:first thought", "2:second thought", "3:third thought");

        Map<String, Long> rows = rowsOf(sessionId);
        assertThat(rows).containsExactlyEntriesOf(orderedMap(
                "events", lastVersion + 2,
                "sessions", 1L,
                "responses", 2L,
                "revisions", 4L,
                "distinct revisions", 4L,
                "chat messages", 4L,
                "distinct chat messages", 4L));
    }

    /** What an operator does to rebuild the read model: drop the processor's position and start again. */
    @Test
    void replayingEveryEventIntoTheReadTablesAfterARestartDuplicatesNothing() throws Exception {
        String facilitator = Tokens.facilitator("facilitator-" + UUID.randomUUID());
        String participant = Tokens.participant("participant-" + UUID.randomUUID());

        RunningService first = start();
        String workshopId = created(first.api().post("/api/workshops", facilitator,
                Map.of("title", "Replay drill", "stepCount", 3))).text("workshopId");
        String sessionId = created(first.api().post("/api/workshop/session/create", participant,
                Map.of("workshopId", workshopId))).text("sessionId");
        for (int revision = 1; revision <= 5; revision++) {
            save(first, participant, sessionId, 1 + revision % 3, "idea " + revision, 1 + revision % 3);
        }
        ApiClient.Response lastMessage = null;
        for (int i = 0; i < 3; i++) {
            lastMessage = first.api().post("/api/sessions/" + sessionId + "/chat-messages", participant,
                    Map.of("stepNumber", 1, "role", "user", "content", "message " + i));
            assertThat(lastMessage.status()).as(lastMessage.rawBody()).isEqualTo(201);
        }
        long lastVersion = lastMessage.number("version");
        JsonNode sessionBefore = read(first, participant, "/api/workshop/" + sessionId + "?minVersion=" + lastVersion);
        Map<Integer, JsonNode> historiesBefore = new HashMap<>();
        for (int step = 1; step <= 3; step++) {
            historiesBefore.put(step, read(first, participant, "/api/sessions/" + sessionId + "/steps/" + step + "/history"));
        }
        JsonNode progressBefore = read(first, facilitator, "/api/workshops/" + workshopId + "/sessions");
        stop(first);
        Map<String, Long> tablesBefore = rowsOfEveryReadTable();
        forgetProcessorPosition();

        RunningService second = start();
        awaitProjectionOfEveryStoredEvent(second);

        assertThat(rowsOfEveryReadTable()).isEqualTo(tablesBefore);
        assertThat(read(second, participant, "/api/workshop/" + sessionId)).isEqualTo(sessionBefore);
        for (int step = 1; step <= 3; step++) {
            assertThat(read(second, participant, "/api/sessions/" + sessionId + "/steps/" + step + "/history"))
                    .as("history of step %d", step).isEqualTo(historiesBefore.get(step));
        }
        assertThat(read(second, facilitator, "/api/workshops/" + workshopId + "/sessions")).isEqualTo(progressBefore);
        ApiClient.Response next = save(second, participant, sessionId, 1, "idea after the replay", null);
        assertThat(next.number("version")).isEqualTo(lastVersion + 1);
        assertThat(read(second, participant, "/api/sessions/" + sessionId + "/steps/1/history").size())
                .isEqualTo(historiesBefore.get(1).size() + 1);
    }

    private RunningService start() {
        RunningService service = RunningService.start(database.url());
        running.add(service.context());
        return service;
    }

    private void stop(RunningService service) {
        service.context().close();
        running.remove(service.context());
    }

    private static ApiClient.Response created(ApiClient.Response response) {
        assertThat(response.status()).as(response.rawBody()).isEqualTo(201);
        return response;
    }

    private static ApiClient.Response save(RunningService service, String token, String sessionId, int step, String text,
                                           Integer currentStep) {
        Map<String, Object> body = new HashMap<>(Map.of("sessionId", sessionId, "stepNumber", step, "responseText", text));
        if (currentStep != null) {
            body.put("currentStep", currentStep);
        }
        ApiClient.Response saved = service.api().post("/api/workshop/save", token, body);
        assertThat(saved.status()).as(saved.rawBody()).isEqualTo(200);
        return saved;
    }

    private static JsonNode read(RunningService service, String token, String path) {
        ApiClient.Response response = service.api().get(path, token);
        assertThat(response.status()).as(path + " " + response.rawBody()).isEqualTo(200);
        return response.body();
    }

    private static Map<String, Long> rowsOf(String sessionId) throws SQLException {
        UUID id = UUID.fromString(sessionId);
        Map<String, Long> rows = new LinkedHashMap<>();
        try (Connection connection = database.connect()) {
            rows.put("events", count(connection,
                    "select count(*) from domain_event_entry where aggregate_identifier = ?", sessionId));
            rows.put("sessions", count(connection, "select count(*) from workshop_sessions where id = ?", id));
            rows.put("responses", count(connection, "select count(*) from step_responses where session_id = ?", id));
            rows.put("revisions", count(connection,
                    "select count(*) from step_response_revisions where session_id = ?", id));
            rows.put("distinct revisions", count(connection,
                    "select count(distinct (step_number, revision)) from step_response_revisions where session_id = ?", id));
            rows.put("chat messages", count(connection, "select count(*) from chat_messages where session_id = ?", id));
            rows.put("distinct chat messages", count(connection,
                    "select count(distinct message_id) from chat_messages where session_id = ?", id));
        }
        return rows;
    }

    private static Map<String, Long> rowsOfEveryReadTable() throws SQLException {
        Map<String, Long> rows = new LinkedHashMap<>();
        try (Connection connection = database.connect()) {
            for (String table : List.of("workshops", "workshop_sessions", "step_responses", "step_response_revisions",
                    "chat_messages")) {
                rows.put(table, count(connection, "select count(*) from " + table));
            }
        }
        return rows;
    }

    private static void forgetProcessorPosition() throws SQLException {
        try (Connection connection = database.connect();
             PreparedStatement delete = connection.prepareStatement("delete from token_entry where processor_name = ?")) {
            delete.setString(1, VIEWS_PROCESSOR);
            assertThat(delete.executeUpdate()).as("the stopped service left its position behind").isPositive();
        }
    }

    private static void awaitProjectionOfEveryStoredEvent(RunningService service) throws Exception {
        long head;
        try (Connection connection = database.connect()) {
            head = count(connection, "select max(global_index) from domain_event_entry");
        }
        StreamingEventProcessor processor = service.context().getBean(EventProcessingConfiguration.class)
                .eventProcessor(VIEWS_PROCESSOR, StreamingEventProcessor.class)
                .orElseThrow();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (processor.processingStatus().values().stream()
                .noneMatch(status -> status.getCurrentPosition().orElse(-1) >= head)) {
            assertThat(System.nanoTime()).as("the processor replays up to event %d in time", head).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private static long count(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet result = statement.executeQuery()) {
                assertThat(result.next()).isTrue();
                return result.getLong(1);
            }
        }
    }

    private static Map<String, Long> orderedMap(Object... keysAndValues) {
        Map<String, Long> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], (Long) keysAndValues[i + 1]);
        }
        return map;
    }
}
