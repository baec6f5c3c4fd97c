package io.workshopstate.standalone;

import io.workshopstate.session.SaveStepResponse;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** A session that has grown to 10,000 events keeps working, and keeps its state across a restart. */
class LongSessionIT {

    private static final int SAVES = 10_000;
    private static final int STEPS = 5;

    private ScratchDatabase database;

    @BeforeEach
    void createDatabase() throws SQLException {
        database = ScratchDatabase.create("long_session_it");
    }

    @AfterEach
    void dropDatabase() throws SQLException {
        database.close();
    }

    @Test
    void aSessionWithTenThousandEventsAcceptsSavesAndAnswersCorrectlyAfterARestart() throws Exception {
        String participantId = "participant-" + UUID.randomUUID();
        String participant = Tokens.participant(participantId);
        String messageId = UUID.randomUUID().toString();
        String sessionId;
        long chatVersion;
        try (RunningService first = RunningService.start(database.url())) {
            String workshopId = first.api().post("/api/workshops", Tokens.facilitator("fac-" + UUID.randomUUID()),
                    Map.of("title", "Marathon", "stepCount", STEPS)).text("workshopId");
            sessionId = first.api().post("/api/workshop/session/create", participant,
                    Map.of("workshopId", workshopId)).text("sessionId");
            chatVersion = first.api().post("/api/sessions/" + sessionId + "/chat-messages", participant,
                    Map.of("messageId", messageId, "stepNumber", 1, "role", "user", "content", "early question"))
                    .number("version");
            CommandGateway commands = first.context().getBean(CommandGateway.class);
            for (int save = 0; save < SAVES; save++) {
                int step = 1 + save % STEPS;
                commands.sendAndWait(new SaveStepResponse(UUID.fromString(sessionId), participantId, step,
                        "draft " + save, save == SAVES - 1 ? STEPS : null, null));
            }
        }
        long eventsBeforeRestart = 2 + SAVES + 1;
        assertThat(latestSnapshotSequence(sessionId))
                .as("a cold load starts from a snapshot near the head, not from the first event")
                .isGreaterThanOrEqualTo(eventsBeforeRestart - 1 - 100);

        try (RunningService second = RunningService.start(database.url())) {
            ApiClient.Response sameMessage = second.api().post("/api/sessions/" + sessionId + "/chat-messages",
                    participant, Map.of("messageId", messageId, "stepNumber", 1, "role", "user",
                            "content", "early question"));
            assertThat(sameMessage.status()).as("the snapshot remembers the message").isEqualTo(200);
            assertThat(sameMessage.number("version")).isEqualTo(chatVersion);

            ApiClient.Response saved = second.api().post("/api/workshop/save", participant,
                    Map.of("sessionId", sessionId, "stepNumber", 1, "responseText", "after the restart"));
            assertThat(saved.status()).as(saved.rawBody()).isEqualTo(200);
            assertThat(saved.number("revision")).isEqualTo(SAVES / STEPS + 1);
            assertThat(saved.number("currentStep")).isEqualTo(STEPS);
            assertThat(saved.number("version")).isEqualTo(eventsBeforeRestart + 1);

            JsonNode session = readSession(second, participant, sessionId);
            assertThat(session.get("version").asLong()).isEqualTo(eventsBeforeRestart + 1);
            assertThat(session.get("currentStep").asInt()).isEqualTo(STEPS);
            assertThat(session.get("responses")).hasSize(STEPS);
            assertThat(session.get("responses").get(0).get("responseText").asString()).isEqualTo("after the restart");
            assertThat(session.get("responses").get(4).get("responseText").asString()).isEqualTo("draft " + (SAVES - 1));
            assertThat(session.get("chatMessages")).hasSize(1);

            ApiClient.Response audit = second.api().get("/api/sessions/" + sessionId + "/events?limit=2", participant);
            assertThat(audit.body().findValuesAsString("type"))
                    .as("the audit trail starts at the first event, whatever snapshots exist")
                    .containsExactly("SessionStarted", "ChatMessageAppended");
        }
    }

    private long latestSnapshotSequence(String sessionId) throws SQLException {
        try (Connection connection = database.connect(); PreparedStatement query = connection.prepareStatement(
                "SELECT max(sequence_number) FROM snapshot_event_entry WHERE aggregate_identifier = ?")) {
            query.setString(1, sessionId);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private static JsonNode readSession(RunningService service, String token, String sessionId) {
        ApiClient.Response response = service.api().getWhenProjected("/api/workshop/" + sessionId, token,
                Duration.ofSeconds(120));
        assertThat(response.status()).as(response.rawBody()).isEqualTo(200);
        return response.body();
    }
}
