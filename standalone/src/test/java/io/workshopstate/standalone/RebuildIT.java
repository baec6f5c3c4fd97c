package io.workshopstate.standalone;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** Rebuilding the read tables from the event history, beside the live ones, while the service runs. */
class RebuildIT {

    private static final String PROJECTION = "workshop-views";
    /** Writers pause between saves: a rebuild catches up with a steady stream, not an unbounded one. */
    private static final Duration WRITE_PAUSE = Duration.ofMillis(25);

    /** Each read table with every column a rebuild must reproduce. */
    private static final Map<String, String> TABLES = new LinkedHashMap<>();

    static {
        TABLES.put("workshops", "id, facilitator_id, created_at, status, title, step_count, closed_at, version");
        TABLES.put("workshop_sessions", "id, workshop_id, participant_id, current_step, started_at, updated_at, version");
        TABLES.put("step_responses",
                "id, session_id, step_number, response_text, created_at, updated_at, revision, character_count");
        TABLES.put("chat_messages", "id, session_id, step_number, role, content, timestamp, message_id, session_version");
        TABLES.put("step_response_revisions",
                "id, session_id, step_number, revision, response_text, saved_at, kind, undone_revision, redone_revision");
    }

    private final String admin = Tokens.admin("admin-" + UUID.randomUUID());
    private final String facilitator = Tokens.facilitator("facilitator-" + UUID.randomUUID());
    private ScratchDatabase database;
    private RunningService service;

    @BeforeEach
    void start() throws SQLException {
        database = ScratchDatabase.create("rebuild_it");
        service = RunningService.start(database.url());
    }

    @AfterEach
    void stop() throws SQLException {
        service.close();
        database.close();
    }

    @Test
    void aRebuildEqualsTheLiveProjectionRowForRow() throws Exception {
        List<Participant> participants = new ArrayList<>();
        for (int workshop = 0; workshop < 3; workshop++) {
            String workshopId = post("/api/workshops", facilitator, Map.of("title", "Workshop " + workshop,
                    "stepCount", 4)).text("workshopId");
            for (int person = 0; person < 2; person++) {
                Participant participant = Participant.join(service.api(), workshopId);
                participants.add(participant);
                for (int save = 0; save < 5; save++) {
                    // Characters outside ASCII and outside the BMP: the counts must come out the same.
                    participant.save(service.api(), 1 + save % 3,
                            "text " + save + " of " + participant.userId + ", naïve 🙂", null);
                }
                participant.save(service.api(), 2, "moving on", 3);
                // A step change that is not the participant's furthest: the row follows the latest.
                participant.save(service.api(), 3, "back again", 2);
                participant.chat(service.api(), "question from " + participant.userId);
            }
            if (workshop == 0) {
                post("/api/workshops/" + workshopId + "/close", facilitator, Map.of());
            }
        }
        Participant reverting = participants.get(2);
        reverting.revert(service.api(), 1, "undo");
        reverting.revert(service.api(), 1, "redo");
        Participant erased = participants.remove(participants.size() - 1);
        assertThat(service.api().delete("/api/participants/" + erased.userId, admin).status()).isEqualTo(200);
        for (Participant participant : participants) {
            participant.read(service.api());
        }
        awaitLiveProjection();
        assertThat(count("SELECT count(*) FROM step_response_revisions WHERE session_id = '" + erased.sessionId
                + "' AND response_text = ''")).as("the erased session's revisions, blanked").isEqualTo(7);
        Map<String, List<String>> live = tableContents();
        Map<String, Long> liveTableIds = tableIds();
        List<String> liveTableDefinitions = tableDefinitions();

        rebuildAndAwait();

        assertThat(tableIds().values()).as("the live tables were replaced by rebuilt ones")
                .doesNotContainAnyElementsOf(liveTableIds.values());
        assertThat(tableContents()).isEqualTo(live);
        assertThat(tableDefinitions()).isEqualTo(liveTableDefinitions)
                .anyMatch(described -> described.contains("FOREIGN KEY"))
                .contains("step_responses fillfactor=50");
        assertThat(schemasLeftBehind()).isZero();
        for (Participant participant : participants) {
            assertThat(participant.read(service.api()).get("responses")).hasSize(3);
        }
    }

    @Test
    void aRebuildUnderConcurrentWritesLosesNothingAndReadsKeepAnswering() throws Exception {
        List<Participant> participants = new ArrayList<>();
        String workshopId = post("/api/workshops", facilitator, Map.of("title", "Busy", "stepCount", 3))
                .text("workshopId");
        for (int person = 0; person < 4; person++) {
            Participant participant = Participant.join(service.api(), workshopId);
            for (int save = 0; save < 50; save++) {
                participant.save(service.api(), 1 + save % 3, "before " + save, null);
            }
            participants.add(participant);
        }
        AtomicBoolean writing = new AtomicBoolean(true);
        Map<Integer, Integer> readStatuses = new ConcurrentHashMap<>();
        ExecutorService load = Executors.newFixedThreadPool(participants.size() + 1);
        for (Participant participant : participants) {
            load.submit(() -> {
                for (int save = 0; writing.get(); save++) {
                    participant.save(service.api(), 1 + save % 3, "during " + save, null);
                    Thread.sleep(WRITE_PAUSE.toMillis());
                }
                return null;
            });
        }
        load.submit(() -> {
            while (writing.get()) {
                ApiClient.Response read = participants.get(0).get(service.api());
                readStatuses.merge(read.status(), 1, Integer::sum);
            }
            return null;
        });

        rebuildAndAwait();
        Thread.sleep(500);
        writing.set(false);
        load.shutdown();
        assertThat(load.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

        for (Participant participant : participants) {
            JsonNode session = participant.read(service.api());
            assertThat(session.get("version").asLong()).isEqualTo(participant.lastVersion);
            for (int step = 1; step <= 3; step++) {
                List<String> history = service.api().get("/api/sessions/" + participant.sessionId + "/steps/" + step
                        + "/history", participant.token).body().findValuesAsString("responseText");
                assertThat(history).as("every answered save, once, in order").isEqualTo(participant.saved(step));
            }
        }
        assertThat(readStatuses.keySet()).as("reads answered during the rebuild").containsOnly(200);
    }

    private void rebuildAndAwait() throws InterruptedException {
        ApiClient.Response started = service.api().post("/api/admin/projections/" + PROJECTION + "/rebuild", admin,
                Map.of());
        assertThat(started.status()).as(started.rawBody()).isEqualTo(202);
        ApiClient.Response again = service.api().post("/api/admin/projections/" + PROJECTION + "/rebuild", admin,
                Map.of());
        assertThat(again.status()).as("one rebuild at a time").isEqualTo(409);

        AtomicBoolean sawProgress = new AtomicBoolean();
        JsonNode projection = service.api().awaitRebuild(admin, Duration.ofMinutes(3), seen -> {
            if (seen.get("state").asString().equals("rebuilding")
                    && seen.get("lastRebuild").get("progress").has("progress")) {
                sawProgress.set(true);
            }
        });
        assertThat(projection.get("lastRebuild").get("state").asString()).as(projection.toString()).isEqualTo("COMPLETED");
        assertThat(projection.get("state").asString()).isEqualTo("live");
        assertThat(projection.get("live").get("head").asLong()).isPositive();
        assertThat(sawProgress).as("progress was reported while rebuilding").isTrue();
    }

    private void awaitLiveProjection() throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
        JsonNode live;
        do {
            Thread.sleep(100);
            live = service.api().get("/api/admin/projections", admin).body().get(0).get("live");
        } while (live.get("position").asLong() < live.get("head").asLong() && Instant.now().isBefore(deadline));
        assertThat(live.get("position").asLong()).as(live.toString()).isGreaterThanOrEqualTo(live.get("head").asLong());
    }

    private ApiClient.Response post(String path, String token, Map<String, Object> body) {
        ApiClient.Response response = service.api().post(path, token, body);
        assertThat(response.status()).as(response.rawBody()).isBetween(200, 299);
        return response;
    }

    private Map<String, List<String>> tableContents() throws SQLException {
        Map<String, List<String>> contents = new LinkedHashMap<>();
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            for (Map.Entry<String, String> table : TABLES.entrySet()) {
                List<String> rows = new ArrayList<>();
                try (ResultSet result = statement.executeQuery("SELECT " + table.getValue() + " FROM public."
                        + table.getKey() + " ORDER BY " + table.getValue())) {
                    int columns = result.getMetaData().getColumnCount();
                    while (result.next()) {
                        StringBuilder row = new StringBuilder();
                        for (int column = 1; column <= columns; column++) {
                            row.append(result.getString(column)).append('|');
                        }
                        rows.add(row.toString());
                    }
                }
                assertThat(rows).as(table.getKey() + " holds rows to compare").isNotEmpty();
                contents.put(table.getKey(), rows);
            }
        }
        return contents;
    }

    private Map<String, Long> tableIds() throws SQLException {
        Map<String, Long> ids = new LinkedHashMap<>();
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            for (String table : TABLES.keySet()) {
                try (ResultSet result = statement.executeQuery("SELECT 'public." + table + "'::regclass::oid")) {
                    result.next();
                    ids.put(table, result.getLong(1));
                }
            }
        }
        return ids;
    }

    /** The read tables' constraints, indexes and storage parameters, names included, as PostgreSQL describes them. */
    private List<String> tableDefinitions() throws SQLException {
        String tables = "'{" + String.join(",", TABLES.keySet()) + "}'";
        List<String> described = new ArrayList<>();
        try (Connection connection = database.connect(); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT conrelid::regclass || ' ' || conname || ' ' "
                     + "|| pg_get_constraintdef(oid) FROM pg_constraint WHERE connamespace = 'public'::regnamespace "
                     + "AND conrelid::regclass::text = ANY(" + tables + ") "
                     + "UNION ALL SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename = ANY("
                     + tables + ") UNION ALL SELECT relname || ' ' || array_to_string(reloptions, ', ') FROM pg_class "
                     + "WHERE relnamespace = 'public'::regnamespace AND relname = ANY(" + tables + ") "
                     + "AND reloptions IS NOT NULL ORDER BY 1")) {
            while (result.next()) {
                described.add(result.getString(1));
            }
        }
        return described;
    }

    private long schemasLeftBehind() throws SQLException {
        return count("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'workshop_views_%'");
    }

    private long count(String sql) throws SQLException {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }

    /** A participant with a session, who remembers every save the service answered. */
    private static final class Participant {

        final String userId = "participant-" + UUID.randomUUID();
        final String token = Tokens.participant(userId);
        final Map<Integer, ConcurrentLinkedQueue<String>> answered = new ConcurrentHashMap<>();
        String sessionId;
        volatile long lastVersion;

        static Participant join(ApiClient api, String workshopId) {
            Participant participant = new Participant();
            ApiClient.Response started = api.post("/api/workshop/session/create", participant.token,
                    Map.of("workshopId", workshopId));
            assertThat(started.status()).isEqualTo(201);
            participant.sessionId = started.text("sessionId");
            participant.lastVersion = started.number("version");
            return participant;
        }

        synchronized void save(ApiClient api, int step, String text, Integer currentStep) {
            Map<String, Object> body = new LinkedHashMap<>(Map.of("sessionId", sessionId, "stepNumber", step,
                    "responseText", text));
            if (currentStep != null) {
                body.put("currentStep", currentStep);
            }
            ApiClient.Response saved = api.post("/api/workshop/save", token, body);
            assertThat(saved.status()).as(saved.rawBody()).isEqualTo(200);
            answered.computeIfAbsent(step, key -> new ConcurrentLinkedQueue<>()).add(text);
            lastVersion = saved.number("version");
        }

        synchronized void revert(ApiClient api, int step, String how) {
            ApiClient.Response reverted = api.post("/api/sessions/" + sessionId + "/steps/" + step + "/" + how, token,
                    Map.of());
            assertThat(reverted.status()).as(reverted.rawBody()).isEqualTo(200);
            lastVersion = reverted.number("version");
        }

        synchronized void chat(ApiClient api, String content) {
            ApiClient.Response appended = api.post("/api/sessions/" + sessionId + "/chat-messages", token,
                    Map.of("stepNumber", 1, "role", "user", "content", content));
            assertThat(appended.status()).isEqualTo(201);
            lastVersion = appended.number("version");
        }

        List<String> saved(int step) {
            return List.copyOf(answered.getOrDefault(step, new ConcurrentLinkedQueue<>()));
        }

        ApiClient.Response get(ApiClient api) {
            return api.get("/api/workshop/" + sessionId, token);
        }

        JsonNode read(ApiClient api) {
            ApiClient.Response response = api.getWhenProjected("/api/workshop/" + sessionId, token,
                    Duration.ofSeconds(60));
            assertThat(response.status()).as(response.rawBody()).isEqualTo(200);
            return response.body();
        }
    }
}
