package io.workshopstate.standalone;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A database written by the previous release (schema up to V5, events as that release stored them:
 * unrevised StepResponseSaved payloads, no workshop id in the metadata) is upgraded by starting this
 * release on it, and everything in it reads back.
 */
class UpgradeIT {

    private static final String PREVIOUS_RELEASE_SCHEMA = "5";
    private static final Instant EARLIER = Instant.parse("2026-10-01T09:00:00Z");

    private final UUID workshopId = UUID.randomUUID();
    private final String participantA = "participant-a-" + UUID.randomUUID();
    private final String participantB = "participant-b-" + UUID.randomUUID();
    private final UUID sessionA = sessionIdFor(participantA);
    private final UUID sessionB = sessionIdFor(participantB);

    private ScratchDatabase database;

    @BeforeEach
    void writeThePreviousReleasesDatabase() throws SQLException {
        database = ScratchDatabase.create("upgrade_it");
        Flyway.configure()
                .dataSource(database.url(), TestDatabase.username(), TestDatabase.password())
                .locations("classpath:db/migration")
                .target(PREVIOUS_RELEASE_SCHEMA)
                .load()
                .migrate();
        try (Connection connection = database.connect()) {
            writeEventsOfThePreviousRelease(connection);
            writeReadTablesOfThePreviousRelease(connection);
        }
    }

    @AfterEach
    void dropDatabase() throws SQLException {
        database.close();
    }

    @Test
    void everyAnswerWrittenByThePreviousReleaseReadsBackAfterTheUpgrade() throws Exception {
        try (RunningService service = RunningService.start(database.url())) {
            JsonNode projectedNow = readSession(service, participantA, sessionA);
            assertThat(projectedNow.get("version").asLong()).isEqualTo(3);
            assertThat(projectedNow.get("currentStep").asInt()).isEqualTo(2);
            JsonNode answer = projectedNow.get("responses").get(0);
            assertThat(answer.get("responseText").asString()).isEqualTo("Ideen für Zürich");
            assertThat(answer.get("revision").asLong()).isEqualTo(1);
            assertThat(answer.get("characterCount").asInt()).as("upcast from the old event").isEqualTo(16);

            JsonNode projectedBefore = readSession(service, participantB, sessionB);
            assertThat(projectedBefore.get("version").asLong()).isEqualTo(3);
            JsonNode kept = projectedBefore.get("responses").get(0);
            assertThat(kept.get("responseText").asString()).isEqualTo("second try");
            assertThat(kept.get("revision").asLong()).isEqualTo(2);
            assertThat(kept.get("characterCount").asInt()).as("filled in by the migration").isEqualTo(10);
            ApiClient.Response history = service.api().get(
                    "/api/sessions/" + sessionB + "/steps/1/history", Tokens.participant(participantB));
            assertThat(history.body().findValuesAsString("responseText")).containsExactly("first", "second try");

            ApiClient.Response continued = service.api().post("/api/workshop/save", Tokens.participant(participantA),
                    Map.of("sessionId", sessionA.toString(), "stepNumber", 1, "responseText", "Ideen für Basel"));
            assertThat(continued.status()).as(continued.rawBody()).isEqualTo(200);
            assertThat(continued.number("revision")).as("the aggregate replays the old events").isEqualTo(2);
            assertThat(continued.number("version")).isEqualTo(4);
        }
    }

    /**
     * A participant who has not written since the upgrade can be erased (the upgrade gave their session a key).
     * Texts stored before they were sealed stay readable in the events after an erasure: only the projection
     * blanks them, and a rebuild must blank them again.
     */
    @Test
    void aRebuildKeepsTheErasureOfTextsStoredUnsealed() throws Exception {
        String admin = Tokens.admin("admin-" + UUID.randomUUID());
        try (RunningService service = RunningService.start(database.url())) {
            readSession(service, participantB, sessionB);
            ApiClient.Response erasure = service.api().delete("/api/participants/" + participantB, admin);
            assertThat(erasure.status()).as(erasure.rawBody()).isEqualTo(200);
            assertThat(erasure.body().get("erasedSessions").get(0).asString()).isEqualTo(sessionB.toString());
            Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
            while (!stepTextsOf(sessionB).equals(Map.of("", 3L)) && Instant.now().isBefore(deadline)) {
                Thread.sleep(100);
            }
            assertThat(stepTextsOf(sessionB)).as("erased by the live projection").isEqualTo(Map.of("", 3L));

            assertThat(service.api().post("/api/admin/projections/workshop-views/rebuild", admin, Map.of()).status())
                    .isEqualTo(202);
            JsonNode projection = service.api().awaitRebuild(admin, Duration.ofSeconds(60), seen -> { });
            assertThat(projection.get("lastRebuild").get("state").asString()).as(projection.toString())
                    .isEqualTo("COMPLETED");

            assertThat(stepTextsOf(sessionB)).as("erased in the rebuilt tables").isEqualTo(Map.of("", 3L));
            assertThat(stepTextsOf(sessionA)).isEqualTo(Map.of("Ideen für Zürich", 2L));
        }
    }

    /** How often each text occurs in the session's step rows and revisions together. */
    private Map<String, Long> stepTextsOf(UUID sessionId) throws SQLException {
        Map<String, Long> texts = new TreeMap<>();
        try (Connection connection = database.connect(); PreparedStatement statement = connection.prepareStatement(
                "SELECT response_text, count(*) FROM (SELECT response_text FROM step_responses WHERE session_id = ? "
                        + "UNION ALL SELECT response_text FROM step_response_revisions WHERE session_id = ?) AS texts "
                        + "GROUP BY response_text")) {
            statement.setObject(1, sessionId);
            statement.setObject(2, sessionId);
            try (var rows = statement.executeQuery()) {
                while (rows.next()) {
                    texts.put(rows.getString(1), rows.getLong(2));
                }
            }
        }
        return texts;
    }

    @Test
    void startingTheUpgradedServiceAgainAppliesNoMigrationTwice() throws Exception {
        try (RunningService ignored = RunningService.start(database.url())) {
            // The first start applies this release's migrations.
        }
        long appliedAfterFirstStart = appliedMigrations();
        try (RunningService service = RunningService.start(database.url())) {
            assertThat(appliedMigrations()).isEqualTo(appliedAfterFirstStart);
            assertThat(readSession(service, participantB, sessionB).get("version").asLong()).isEqualTo(3);
        }
        assertThat(appliedAfterFirstStart).isGreaterThan(Long.parseLong(PREVIOUS_RELEASE_SCHEMA));
    }


    private static JsonNode readSession(RunningService service, String participant, UUID sessionId) {
        ApiClient.Response response = service.api().getWhenProjected("/api/workshop/" + sessionId,
                Tokens.participant(participant), Duration.ofSeconds(60));
        assertThat(response.status()).as(response.rawBody()).isEqualTo(200);
        return response.body();
    }

    private long appliedMigrations() throws SQLException {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement();
             var rows = statement.executeQuery("SELECT count(*) FROM flyway_schema_history WHERE success")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private void writeEventsOfThePreviousRelease(Connection connection) throws SQLException {
        event(connection, workshopId, 0, "Workshop", "io.workshopstate.workshop.WorkshopCreated",
                "{\"workshopId\":\"%s\",\"title\":\"Before the upgrade\",\"stepCount\":3,\"facilitatorId\":\"fac\",\"createdAt\":\"%s\"}"
                        .formatted(workshopId, EARLIER));
        for (UUID session : new UUID[]{sessionA, sessionB}) {
            String participant = session.equals(sessionA) ? participantA : participantB;
            event(connection, session, 0, "WorkshopSession", "io.workshopstate.session.SessionStarted",
                    "{\"sessionId\":\"%s\",\"workshopId\":\"%s\",\"participantId\":\"%s\",\"stepCount\":3}"
                            .formatted(session, workshopId, participant));
        }
        event(connection, sessionA, 1, "WorkshopSession", "io.workshopstate.session.StepResponseSaved",
                "{\"sessionId\":\"%s\",\"stepNumber\":1,\"revision\":1,\"responseText\":\"Ideen für Zürich\"}".formatted(sessionA));
        event(connection, sessionA, 2, "WorkshopSession", "io.workshopstate.session.CurrentStepChanged",
                "{\"sessionId\":\"%s\",\"currentStep\":2}".formatted(sessionA));
        event(connection, sessionB, 1, "WorkshopSession", "io.workshopstate.session.StepResponseSaved",
                "{\"sessionId\":\"%s\",\"stepNumber\":1,\"revision\":1,\"responseText\":\"first\"}".formatted(sessionB));
        event(connection, sessionB, 2, "WorkshopSession", "io.workshopstate.session.StepResponseSaved",
                "{\"sessionId\":\"%s\",\"stepNumber\":1,\"revision\":2,\"responseText\":\"second try\"}".formatted(sessionB));
        try (PreparedStatement directory = connection.prepareStatement(
                "INSERT INTO workshop_directory (workshop_id, step_count, closed) VALUES (?, 3, false)")) {
            directory.setObject(1, workshopId);
            directory.executeUpdate();
        }
    }

    /** Session B had been projected by the previous release; session A's events had not been yet. */
    private void writeReadTablesOfThePreviousRelease(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate(("INSERT INTO workshops (id, facilitator_id, created_at, status, title, step_count, version) "
                    + "VALUES ('%s', 'fac', '2026-10-01 09:00:00', 'active', 'Before the upgrade', 3, 1)").formatted(workshopId));
            statement.executeUpdate(("INSERT INTO workshop_sessions (id, workshop_id, participant_id, current_step, started_at, "
                    + "updated_at, version) VALUES ('%s', '%s', '%s', 1, '2026-10-01 09:00:00', '2026-10-01 09:00:02', 3)")
                    .formatted(sessionB, workshopId, participantB));
            statement.executeUpdate(("INSERT INTO step_responses (session_id, step_number, response_text, created_at, "
                    + "updated_at, revision) VALUES ('%s', 1, 'second try', '2026-10-01 09:00:01', '2026-10-01 09:00:02', 2)")
                    .formatted(sessionB));
            statement.executeUpdate(("INSERT INTO step_response_revisions (session_id, step_number, revision, response_text, "
                    + "saved_at) VALUES ('%1$s', 1, 1, 'first', '2026-10-01 09:00:01'), "
                    + "('%1$s', 1, 2, 'second try', '2026-10-01 09:00:02')").formatted(sessionB));
        }
    }

    private static void event(Connection connection, UUID aggregateId, long sequenceNumber, String aggregateType,
                              String payloadType, String payload) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO domain_event_entry (aggregate_identifier, sequence_number, type, event_identifier, "
                        + "payload_type, payload_revision, payload, meta_data, time_stamp) "
                        + "VALUES (?, ?, ?, ?, ?, NULL, convert_to(?, 'UTF8'), convert_to('{}', 'UTF8'), ?)")) {
            insert.setString(1, aggregateId.toString());
            insert.setLong(2, sequenceNumber);
            insert.setString(3, aggregateType);
            insert.setString(4, UUID.randomUUID().toString());
            insert.setString(5, payloadType);
            insert.setString(6, payload);
            insert.setString(7, EARLIER.plusSeconds(sequenceNumber).toString());
            insert.executeUpdate();
        }
    }

    private UUID sessionIdFor(String participant) {
        return io.workshopstate.session.StartSession.sessionIdFor(workshopId, participant);
    }
}
