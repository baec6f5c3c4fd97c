package io.workshopstate.standalone;

import io.workshopstate.session.SaveStepResponse;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A session that has grown to 10,000 events keeps working, and keeps its state across a restart; a snapshot of an
 * earlier revision of the session does not stand in for its events.
 */
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
        String messageId = UUID.randomUUID().toString();
        ParticipantSession started;
        long chatVersion;
        try (RunningService first = RunningService.start(database.url())) {
            started = ParticipantSession.start(first.api(), "Marathon", STEPS);
            chatVersion = first.api().post("/api/sessions/" + started.sessionId() + "/chat-messages",
                    started.participant(), Map.of("messageId", messageId, "stepNumber", 1, "role", "user",
                            "content", "early question")).number("version");
            CommandGateway commands = first.context().getBean(CommandGateway.class);
            for (int save = 0; save < SAVES; save++) {
                int step = 1 + save % STEPS;
                commands.sendAndWait(new SaveStepResponse(UUID.fromString(started.sessionId()),
                        started.participantId(), step, "draft " + save, save == SAVES - 1 ? STEPS : null, null));
            }
        }
        String sessionId = started.sessionId();
        String participant = started.participant();
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

    /** A snapshot stored before the session's fields last changed is passed over: the session loads from its events. */
    @Test
    void aSnapshotOfAnEarlierRevisionOfTheSessionIsPassedOver() throws Exception {
        ParticipantSession session;
        try (RunningService first = RunningService.start(database.url())) {
            session = ParticipantSession.start(first.api(), "Upgraded", STEPS);
            for (int save = 1; save <= 3; save++) {
                first.api().post("/api/workshop/save", session.participant(),
                        Map.of("sessionId", session.sessionId(), "stepNumber", 1, "responseText", "draft " + save));
            }
            // Readable as the session is now, but stored under revision 2 and claiming step 1 is at revision 99.
            storeSnapshot(session.sessionId(), "2", """
                    {"sessionId":"%s","workshopId":"%s","participantId":"%s","stepCount":%d,"currentStep":1,
                     "version":4,"erased":false,"chatMessageVersions":{},
                     "steps":{"1":{"revision":99,"text":{"plain":"from the snapshot"},"characterCount":17,
                     "sequenceNumbers":[1],"undoable":[99],"redoable":[]}}}"""
                    .formatted(session.sessionId(), session.workshopId(), session.participantId(), STEPS));
        }

        try (RunningService second = RunningService.start(database.url())) {
            ApiClient.Response saved = second.api().post("/api/workshop/save", session.participant(),
                    Map.of("sessionId", session.sessionId(), "stepNumber", 1, "responseText", "after the upgrade",
                            "expectedRevision", 3));
            assertThat(saved.status()).as(saved.rawBody()).isEqualTo(200);
            assertThat(saved.number("revision")).isEqualTo(4);
        }
    }

    private void storeSnapshot(String sessionId, String revision, String payload) throws SQLException {
        try (Connection connection = database.connect(); PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO snapshot_event_entry (aggregate_identifier, sequence_number, type, event_identifier,
                    payload_type, payload_revision, payload, meta_data, time_stamp)
                SELECT aggregate_identifier, max(sequence_number), max(type), ?, ?, ?, ?, ?, ?
                FROM domain_event_entry WHERE aggregate_identifier = ? GROUP BY aggregate_identifier""")) {
            insert.setString(1, UUID.randomUUID().toString());
            insert.setString(2, "io.workshopstate.command.session.WorkshopSession");
            insert.setString(3, revision);
            insert.setBytes(4, payload.getBytes(StandardCharsets.UTF_8));
            insert.setBytes(5, "{}".getBytes(StandardCharsets.UTF_8));
            insert.setString(6, Instant.now().toString());
            insert.setString(7, sessionId);
            assertThat(insert.executeUpdate()).isEqualTo(1);
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
