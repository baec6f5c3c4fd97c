package io.workshopstate.query.session;

import io.workshopstate.query.projection.ColumnArrays;
import io.workshopstate.query.projection.PendingWrites;
import io.workshopstate.query.projection.StatementPipeline;
import io.workshopstate.session.RevisionKind;
import io.workshopstate.session.StepResponseRevised;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A batch's revisions: every one becomes a history row, and each step's latest becomes its current text
 * (unless the batch fills a rebuild: see {@link StepResponsesFromRevisions}). Rows carry their revision, so
 * replayed events change nothing.
 */
class StepResponseWrites implements PendingWrites {

    /** A step's latest revision in the batch, and when the batch first saw the step. */
    private record Current(StepResponseRevised event, String text, Instant firstSavedAt, Instant savedAt) {
    }

    private final boolean fillsRebuild;
    private final ColumnArrays revisions = new ColumnArrays(9);
    private final Map<UUID, Current> current = new LinkedHashMap<>();
    private final Set<UUID> erasedSessions = new LinkedHashSet<>();

    StepResponseWrites(boolean fillsRebuild) {
        this.fillsRebuild = fillsRebuild;
    }

    void revised(StepResponseRevised event, String text, Instant savedAt) {
        revisions.add(StepRevisionRow.rowIdOf(event.sessionId(), event.stepNumber(), event.revision()),
                event.sessionId(), event.stepNumber(), event.revision(), text, savedAt, event.kind().value(),
                event.kind() == RevisionKind.UNDONE ? event.revertedRevision() : null,
                event.kind() == RevisionKind.REDONE ? event.revertedRevision() : null);
        if (fillsRebuild) {
            return;
        }
        current.merge(StepResponseRow.rowIdOf(event.sessionId(), event.stepNumber()),
                new Current(event, text, savedAt, savedAt),
                (earlier, later) -> later.event().revision() > earlier.event().revision()
                        ? new Current(later.event(), later.text(), earlier.firstSavedAt(), later.savedAt())
                        : earlier);
    }

    void erased(UUID sessionId) {
        erasedSessions.add(sessionId);
    }

    @Override
    public Stage stage() {
        return Stage.SESSION_CONTENT;
    }

    @Override
    public void writeTo(StatementPipeline statements) {
        if (!current.isEmpty()) {
            ColumnArrays rows = new ColumnArrays(8);
            current.forEach((rowId, step) -> rows.add(rowId, step.event().sessionId(), step.event().stepNumber(),
                    step.text(), step.event().revision(), step.event().characterCount(), step.firstSavedAt(),
                    step.savedAt()));
            statements.add("""
                    INSERT INTO step_responses
                        (id, session_id, step_number, response_text, revision, character_count, created_at, updated_at)
                    SELECT * FROM unnest(?::uuid[], ?::uuid[], ?::int[], ?::text[], ?::bigint[], ?::int[],
                        ?::timestamp[], ?::timestamp[])
                    ON CONFLICT (id) DO UPDATE SET response_text = excluded.response_text, revision = excluded.revision,
                        character_count = excluded.character_count, updated_at = excluded.updated_at
                    WHERE step_responses.revision < excluded.revision""", rows);
        }
        if (!revisions.isEmpty() && fillsRebuild) {
            // A filling batch appends: the copies fill without primary keys, and see each event once.
            revisions.copyInto(statements.jdbc(), "step_response_revisions (id, session_id, step_number, revision, response_text, "
                    + "saved_at, kind, undone_revision, redone_revision)");
        } else if (!revisions.isEmpty()) {
            statements.add("""
                    INSERT INTO step_response_revisions
                        (id, session_id, step_number, revision, response_text, saved_at, kind, undone_revision,
                         redone_revision)
                    SELECT * FROM unnest(?::uuid[], ?::uuid[], ?::int[], ?::bigint[], ?::text[], ?::timestamp[],
                        ?::text[], ?::bigint[], ?::bigint[])
                    ON CONFLICT (id) DO NOTHING""", revisions);
        }
        if (!erasedSessions.isEmpty()) {
            ColumnArrays sessions = ColumnArrays.column(erasedSessions);
            if (fillsRebuild) {
                StepResponsesFromRevisions.erasedWhileFilling(statements.jdbc(), sessions);
                return;
            }
            statements.add("UPDATE step_responses SET response_text = '', character_count = 0 "
                    + "WHERE session_id = ANY(?::uuid[])", sessions);
            statements.add("UPDATE step_response_revisions SET response_text = '' WHERE session_id = ANY(?::uuid[])",
                    sessions);
        }
    }
}
