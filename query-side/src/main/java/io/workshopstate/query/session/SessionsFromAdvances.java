package io.workshopstate.query.session;

import io.workshopstate.query.projection.ColumnArrays;
import io.workshopstate.query.projection.DerivedAfterFill;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * How far each session's row has followed its events, derived once after a rebuild has filled the tables. Sessions
 * interleave in the history, so batch by batch nearly every event would update its session's row (and leave a
 * dead version of it behind); the filling appends each batch's advances to a table of their own instead, and
 * they are applied here, the latest of each session at once.
 */
@Component
class SessionsFromAdvances implements DerivedAfterFill {

    private static final String ADVANCES = "session_advances_while_filling";

    @Override
    public void prepare(JdbcTemplate jdbc) {
        jdbc.execute("CREATE TABLE " + ADVANCES + " (session_id uuid NOT NULL, version bigint NOT NULL, "
                + "updated_at timestamp NOT NULL, step int, step_version bigint)");
    }

    /** Rows of (session, version, time of that version, step, version of that step change or null). */
    static void advancedWhileFilling(JdbcTemplate jdbc, ColumnArrays advances) {
        advances.copyInto(jdbc, ADVANCES + " (session_id, version, updated_at, step, step_version)");
    }

    /** As {@link SessionWrites} moves a row on: to its latest version, and its latest step change newer than the row. */
    @Override
    public void derive(JdbcTemplate jdbc) {
        jdbc.update("""
                UPDATE workshop_sessions s
                SET current_step = CASE WHEN step.step_version > s.version THEN step.step ELSE s.current_step END,
                    updated_at = latest.updated_at,
                    version = latest.version
                FROM (SELECT DISTINCT ON (session_id) session_id, version, updated_at
                      FROM %1$s ORDER BY session_id, version DESC) AS latest
                LEFT JOIN (SELECT DISTINCT ON (session_id) session_id, step, step_version
                           FROM %1$s WHERE step IS NOT NULL ORDER BY session_id, step_version DESC) AS step
                    USING (session_id)
                WHERE s.id = latest.session_id AND s.version < latest.version""".formatted(ADVANCES));
    }
}
