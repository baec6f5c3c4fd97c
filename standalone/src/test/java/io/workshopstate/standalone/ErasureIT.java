package io.workshopstate.standalone;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The right to be forgotten: after erasing a participant, no byte of their texts or chat is readable in any
 * table of the database, while everyone else's stay readable and the event stream, replays and rebuilds work.
 */
class ErasureIT {

    /** Enough saves for a snapshot of the session, which must not keep a readable text either. */
    private static final int SAVES_FOR_A_SNAPSHOT = 105;

    private final String admin = Tokens.admin("admin-" + UUID.randomUUID());
    private final String facilitator = Tokens.facilitator("facilitator-" + UUID.randomUUID());
    private final String erasedId = "participant-" + UUID.randomUUID();
    private final String erased = Tokens.participant(erasedId);
    private final String keptId = "participant-" + UUID.randomUUID();
    private final String kept = Tokens.participant(keptId);
    private final String secretText = "secret-response-" + UUID.randomUUID();
    private final String secretChat = "secret-chat-" + UUID.randomUUID();
    private final String keptText = "kept-response-" + UUID.randomUUID();
    private ScratchDatabase database;
    private RunningService service;

    @BeforeEach
    void start() throws SQLException {
        database = ScratchDatabase.create("erasure_it");
        service = RunningService.start(database.url());
    }

    @AfterEach
    void stop() throws SQLException {
        service.close();
        database.close();
    }

    @Test
    void afterErasureNoTableHoldsTheTextsAndEverythingElseStillWorks() throws Exception {
        String firstWorkshop = workshop();
        String secondWorkshop = workshop();
        String longSession = start(erased, firstWorkshop);
        String shortSession = start(erased, secondWorkshop);
        String keptSession = start(kept, firstWorkshop);
        for (int save = 0; save < SAVES_FOR_A_SNAPSHOT; save++) {
            ok(post("/api/workshop/save", erased, Map.of("sessionId", longSession, "stepNumber", 1 + save % 2,
                    "responseText", secretText + " draft " + save)));
        }
        ok(post("/api/workshop/save", erased, Map.of("sessionId", shortSession, "stepNumber", 1,
                "responseText", secretText)));
        ok(post("/api/sessions/" + shortSession + "/chat-messages", erased, Map.of("stepNumber", 1, "role", "user",
                "content", secretChat)));
        ok(post("/api/workshop/save", kept, Map.of("sessionId", keptSession, "stepNumber", 1,
                "responseText", keptText)));
        ok(service.api().post("/api/sessions/" + longSession + "/steps/1/undo", erased, Map.of()));
        assertThat(text(shortSession, erased)).isEqualTo(secretText);

        awaitSnapshotOf(longSession);
        assertThat(tablesHolding(secretText)).as("the search finds plain texts").contains("public.step_responses");
        assertThat(tablesHolding(secretChat)).contains("public.chat_messages");
        assertThat(tablesHolding(secretText)).as("events and snapshots hold sealed texts only")
                .doesNotContain("public.domain_event_entry", "public.snapshot_event_entry");

        ApiClient.Response byParticipant = service.api().delete("/api/participants/" + erasedId, erased);
        ApiClient.Response unknown = service.api().delete("/api/participants/nobody-" + UUID.randomUUID(), admin);
        ApiClient.Response erasure = service.api().delete("/api/participants/" + erasedId, admin);

        assertThat(byParticipant.status()).isEqualTo(403);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(erasure.status()).as(erasure.rawBody()).isEqualTo(200);
        assertThat(erasure.text("participantId")).isEqualTo(erasedId);
        List<String> erasedSessions = new ArrayList<>();
        erasure.body().get("erasedSessions").forEach(id -> erasedSessions.add(id.asString()));
        assertThat(erasedSessions).containsExactlyInAnyOrder(longSession, shortSession);

        awaitNoTableHolding(secretText, secretChat);
        assertThat(text(keptSession, kept)).isEqualTo(keptText);
        assertThat(tablesHolding(keptText)).contains("public.step_responses");

        assertErasedInEveryRead(shortSession);
        ApiClient.Response again = service.api().delete("/api/participants/" + erasedId, admin);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body().get("erasedSessions")).hasSize(2);

        rebuild();
        assertThat(tablesHolding(secretText)).as("after a rebuild").isEmpty();
        assertThat(tablesHolding(secretChat)).as("after a rebuild").isEmpty();
        assertThat(text(keptSession, kept)).isEqualTo(keptText);
        assertThat(text(shortSession, admin)).isEmpty();
        assertThat(count("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ?", longSession))
                .as("the erased session's events stay, with the erasure")
                .isEqualTo(1 + SAVES_FOR_A_SNAPSHOT + 1 + 1);
    }

    private void assertErasedInEveryRead(String sessionId) {
        JsonNode session = service.api().get("/api/workshop/" + sessionId, admin).body();
        assertThat(session.get("responses").get(0).get("responseText").asString()).isEmpty();
        assertThat(session.get("chatMessages").get(0).get("content").asString()).isEmpty();
        JsonNode history = service.api().get("/api/sessions/" + sessionId + "/steps/1/history", admin).body();
        assertThat(history.get(0).get("responseText").asString()).isEmpty();
        JsonNode events = service.api().get("/api/sessions/" + sessionId + "/events", admin).body();
        assertThat(events.get(1).get("type").asString()).isEqualTo("StepResponseSaved");
        assertThat(events.get(1).get("payload").get("responseText").asString()).isEmpty();
        assertThat(events.get(events.size() - 1).get("type").asString()).isEqualTo("SessionErased");
        JsonNode replayed = service.api().get("/api/workshop/" + sessionId + "?asOf=" + Instant.now(), admin).body();
        assertThat(replayed.get("responses").get(0).get("responseText").asString()).isEmpty();
        assertThat(replayed.get("chatMessages").get(0).get("content").asString()).isEmpty();
        String markdown = service.api().get("/api/workshop/" + sessionId + "/export?format=markdown", admin).rawBody();
        assertThat(markdown).doesNotContain(secretText).doesNotContain(secretChat);

        ApiClient.Response write = post("/api/workshop/save", erased, Map.of("sessionId", sessionId, "stepNumber", 1,
                "responseText", "written after erasure"));
        assertThat(write.status()).isEqualTo(410);
        assertThat(write.text("type")).isEqualTo("urn:workshop-state:problem:erased");
    }

    /**
     * Every table in every schema of the database whose rows, read as text, hold the given text, or its UTF-8
     * bytes as a bytea column shows them.
     */
    private List<String> tablesHolding(String text) throws SQLException {
        String hex = HexFormat.of().formatHex(text.getBytes(StandardCharsets.UTF_8));
        List<String> tables = new ArrayList<>();
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            List<String> all = new ArrayList<>();
            try (ResultSet result = statement.executeQuery("SELECT quote_ident(table_schema) || '.' || "
                    + "quote_ident(table_name) FROM information_schema.tables WHERE table_type = 'BASE TABLE' "
                    + "AND table_schema NOT IN ('pg_catalog', 'information_schema')")) {
                while (result.next()) {
                    all.add(result.getString(1));
                }
            }
            assertThat(all).contains("public.domain_event_entry", "public.snapshot_event_entry",
                    "public.step_responses", "public.session_keys");
            for (String table : all) {
                try (PreparedStatement search = connection.prepareStatement("SELECT count(*) FROM " + table
                        + " AS row WHERE strpos(row::text, ?) > 0 OR strpos(row::text, ?) > 0")) {
                    search.setString(1, text);
                    search.setString(2, hex);
                    try (ResultSet result = search.executeQuery()) {
                        result.next();
                        if (result.getLong(1) > 0) {
                            tables.add(table);
                        }
                    }
                }
            }
        }
        return tables;
    }

    private void awaitNoTableHolding(String... texts) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        List<String> holding;
        do {
            holding = new ArrayList<>();
            for (String text : texts) {
                holding.addAll(tablesHolding(text));
            }
            if (holding.isEmpty()) {
                return;
            }
            Thread.sleep(200);
        } while (Instant.now().isBefore(deadline));
        assertThat(holding).as("tables still holding an erased text").isEmpty();
    }

    /** Snapshots are taken beside the command that triggers them, so the test waits for one. */
    private void awaitSnapshotOf(String sessionId) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        String sql = "SELECT count(*) FROM snapshot_event_entry WHERE aggregate_identifier = ?";
        while (count(sql, sessionId) == 0 && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
        assertThat(count(sql, sessionId)).as("a snapshot of the session").isPositive();
    }

    private long count(String sql, String parameter) throws SQLException {
        try (Connection connection = database.connect();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, parameter);
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }

    private void rebuild() throws InterruptedException {
        ApiClient.Response started = service.api().post("/api/admin/projections/workshop-views/rebuild", admin,
                Map.of());
        assertThat(started.status()).as(started.rawBody()).isEqualTo(202);
        JsonNode projection = service.api().awaitRebuild(admin, Duration.ofMinutes(2), seen -> { });
        assertThat(projection.get("lastRebuild").get("state").asString()).as(projection.toString())
                .isEqualTo("COMPLETED");
    }

    private String workshop() {
        ApiClient.Response created = post("/api/workshops", facilitator, Map.of("title", "Erasure", "stepCount", 2));
        ok(created);
        return created.text("workshopId");
    }

    private String start(String participant, String workshopId) {
        ApiClient.Response started = post("/api/workshop/session/create", participant,
                Map.of("workshopId", workshopId));
        ok(started);
        return started.text("sessionId");
    }

    private String text(String sessionId, String token) {
        ApiClient.Response session = service.api().getWhenProjected("/api/workshop/" + sessionId, token,
                Duration.ofSeconds(20));
        ok(session);
        return session.body().get("responses").get(0).get("responseText").asString();
    }

    private ApiClient.Response post(String path, String token, Map<String, Object> body) {
        return service.api().post(path, token, body);
    }

    private static void ok(ApiClient.Response response) {
        assertThat(response.status()).as(response.rawBody()).isBetween(200, 299);
    }
}
