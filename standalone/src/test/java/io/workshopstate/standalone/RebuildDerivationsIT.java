package io.workshopstate.standalone;

import io.workshopstate.query.projection.DerivedAfterFill;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a rebuild derives once the filling is over, from what the filling batches noted, in tables of a schema of
 * its own (as a rebuild's): a session's row follows its latest event and its latest step change, whatever order
 * the batches noted them in.
 */
class RebuildDerivationsIT extends HttpIntegrationTest {

    private static final String SCHEMA = "rebuild_derivations_test";

    @Autowired
    List<DerivedAfterFill> derivations;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    PlatformTransactionManager transactionManager;

    @AfterEach
    void dropSchema() {
        jdbc.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
    }

    @Test
    void aSessionFollowsItsLatestEventAndItsLatestStepChange() {
        UUID moved = UUID.randomUUID();
        UUID stayed = UUID.randomUUID();
        UUID ahead = UUID.randomUUID();
        Map<String, Object> derived = new TransactionTemplate(transactionManager).execute(status -> {
            jdbc.execute("CREATE SCHEMA " + SCHEMA);
            jdbc.execute("SET LOCAL search_path TO " + SCHEMA + ", public");
            for (String table : List.of("workshop_sessions", "step_responses", "step_response_revisions")) {
                jdbc.execute("CREATE TABLE " + table + " (LIKE public." + table + " INCLUDING DEFAULTS)");
            }
            derivations.forEach(derivation -> derivation.prepare(jdbc));
            session(moved, 1);
            session(stayed, 1);
            session(ahead, 6);
            // Three batches' notes, not in the order of the events: the latest step change is not the furthest step.
            advance(moved, 9, "2026-01-01T10:09:00", null, null);
            advance(moved, 5, "2026-01-01T10:05:00", 4, 5L);
            advance(moved, 7, "2026-01-01T10:07:00", 2, 7L);
            advance(stayed, 3, "2026-01-01T10:03:00", null, null);
            advance(ahead, 4, "2026-01-01T10:04:00", 3, 4L);
            derivations.forEach(derivation -> derivation.derive(jdbc));
            return Map.of("moved", row(moved), "stayed", row(stayed), "ahead", row(ahead));
        });

        assertThat(derived.get("moved")).isEqualTo("version 9, step 2, updated 2026-01-01 10:09:00");
        assertThat(derived.get("stayed")).isEqualTo("version 3, step 1, updated 2026-01-01 10:03:00");
        assertThat(derived.get("ahead")).as("a row already past every note stays as it is")
                .isEqualTo("version 6, step 1, updated 2026-01-01 09:00:00");
    }

    private void session(UUID id, long version) {
        jdbc.update("INSERT INTO workshop_sessions (id, workshop_id, participant_id, current_step, started_at, "
                + "updated_at, version) VALUES (?, ?, ?, 1, '2026-01-01T09:00:00', '2026-01-01T09:00:00', ?)",
                id, UUID.randomUUID(), "participant-" + id, version);
    }

    private void advance(UUID session, long version, String at, Integer step, Long stepVersion) {
        jdbc.update("INSERT INTO session_advances_while_filling (session_id, version, updated_at, step, step_version) "
                + "VALUES (?, ?, ?::timestamp, ?, ?)", session, version, at, step, stepVersion);
    }

    private String row(UUID session) {
        return jdbc.queryForObject("SELECT format('version %s, step %s, updated %s', version, current_step, "
                + "updated_at) FROM workshop_sessions WHERE id = ?", String.class, session);
    }
}
