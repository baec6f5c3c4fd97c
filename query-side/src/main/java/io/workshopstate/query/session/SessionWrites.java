package io.workshopstate.query.session;

import io.workshopstate.query.projection.ColumnArrays;
import io.workshopstate.query.projection.PendingWrites;
import io.workshopstate.query.projection.StatementPipeline;
import io.workshopstate.session.SessionStarted;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The sessions a batch started and moved on. A session's row ends the batch at its latest event: one
 * update per session, however many of its events the batch held (unless the batch fills a rebuild: see
 * {@link SessionsFromAdvances}).
 */
class SessionWrites implements PendingWrites {

    private record Start(SessionStarted event, Instant at, long version) {
    }

    /** The latest version and time of a session in the batch, and its latest step change. */
    private static final class Advance {
        long version;
        Instant at;
        Integer step;
        Long stepVersion;
    }

    private final boolean fillsRebuild;
    private final Map<UUID, Start> started = new LinkedHashMap<>();
    private final Map<UUID, Advance> advanced = new LinkedHashMap<>();

    SessionWrites(boolean fillsRebuild) {
        this.fillsRebuild = fillsRebuild;
    }

    void started(SessionStarted event, Instant at, long version) {
        started.putIfAbsent(event.sessionId(), new Start(event, at, version));
    }

    void advanced(UUID sessionId, long version, Instant at, Integer step) {
        Advance advance = advanced.computeIfAbsent(sessionId, id -> new Advance());
        if (version > advance.version) {
            advance.version = version;
            advance.at = at;
        }
        if (step != null && (advance.stepVersion == null || version > advance.stepVersion)) {
            advance.step = step;
            advance.stepVersion = version;
        }
    }

    @Override
    public Stage stage() {
        return Stage.SESSIONS;
    }

    @Override
    public void writeTo(StatementPipeline statements) {
        if (!started.isEmpty()) {
            ColumnArrays rows = new ColumnArrays(7);
            started.values().forEach(start -> rows.add(start.event().sessionId(), start.event().workshopId(),
                    start.event().participantId(), 1, start.at(), start.at(), start.version()));
            statements.add("""
                    INSERT INTO workshop_sessions (id, workshop_id, participant_id, current_step, started_at, updated_at, version)
                    SELECT * FROM unnest(?::uuid[], ?::uuid[], ?::text[], ?::int[], ?::timestamp[], ?::timestamp[], ?::bigint[])
                    ON CONFLICT (id) DO NOTHING""", rows);
        }
        if (!advanced.isEmpty()) {
            ColumnArrays rows = new ColumnArrays(5);
            advanced.forEach((sessionId, advance) ->
                    rows.add(sessionId, advance.version, advance.at, advance.step, advance.stepVersion));
            if (fillsRebuild) {
                SessionsFromAdvances.advancedWhileFilling(statements.jdbc(), rows);
                return;
            }
            // The right-hand sides see the row as it was: a step change counts only if it is newer than the row.
            statements.add("""
                    UPDATE workshop_sessions s
                    SET current_step = CASE WHEN a.step_version > s.version THEN a.step ELSE s.current_step END,
                        updated_at = a.updated_at,
                        version = a.version
                    FROM unnest(?::uuid[], ?::bigint[], ?::timestamp[], ?::int[], ?::bigint[])
                        AS a (id, version, updated_at, step, step_version)
                    WHERE s.id = a.id AND s.version < a.version""", rows);
        }
    }
}
