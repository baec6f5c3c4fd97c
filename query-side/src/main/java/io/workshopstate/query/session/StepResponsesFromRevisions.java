package io.workshopstate.query.session;

import io.workshopstate.query.projection.ColumnArrays;
import io.workshopstate.query.projection.DerivedAfterFill;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * {@code step_responses} derived once from {@code step_response_revisions} after a rebuild has filled it. Sessions
 * interleave in the history, so batch by batch nearly every revision would rewrite its step's row, a kilobyte
 * of text each time; the filling writes the revisions alone, and notes the sessions it sees erased.
 */
@Component
class StepResponsesFromRevisions implements DerivedAfterFill {

    /**
     * Revisions have no index by session while they fill (keeping one up would cost more than the step rows
     * saved), so an erasure's revisions are blanked once the filling is over.
     */
    private static final String ERASED_SESSIONS = "sessions_erased_while_filling";

    @Override
    public void prepare(JdbcTemplate jdbc) {
        jdbc.execute("CREATE TABLE " + ERASED_SESSIONS + " (session_id uuid PRIMARY KEY)");
    }

    static void erasedWhileFilling(JdbcTemplate jdbc, ColumnArrays sessions) {
        jdbc.update("INSERT INTO " + ERASED_SESSIONS + " SELECT unnest(?::uuid[]) ON CONFLICT DO NOTHING",
                sessions.binder());
    }

    /**
     * A step's row is its latest revision, created when its first revision was saved; both are found in one pass
     * over the revisions, which a join with the first revision would read a third time. The character count is
     * the text's length in code points, as {@code StepResponseRevised.characterCount} counts it (the database
     * encodes text in UTF-8); an erased text is empty and counts 0, as the live erasure leaves it.
     */
    @Override
    public void derive(JdbcTemplate jdbc) {
        // Only when a session was erased: the update would hold off the revisions' index builds beside the derivation.
        if (jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM " + ERASED_SESSIONS + ")", Boolean.class)) {
            jdbc.update("UPDATE step_response_revisions SET response_text = '' "
                    + "WHERE session_id IN (SELECT session_id FROM " + ERASED_SESSIONS + ") AND response_text <> ''");
        }
        jdbc.update("""
                INSERT INTO step_responses
                    (id, session_id, step_number, response_text, revision, character_count, created_at, updated_at)
                SELECT name_uuid('step-response:' || latest.session_id || ':' || latest.step_number),
                    latest.session_id, latest.step_number, latest.response_text, latest.revision,
                    char_length(latest.response_text), step.created_at, latest.saved_at
                FROM (SELECT session_id, step_number, max(revision) AS revision,
                          min(saved_at) FILTER (WHERE revision = 1) AS created_at
                      FROM step_response_revisions GROUP BY session_id, step_number
                      HAVING count(*) FILTER (WHERE revision = 1) > 0) AS step
                JOIN step_response_revisions latest USING (session_id, step_number, revision)""");
    }
}
