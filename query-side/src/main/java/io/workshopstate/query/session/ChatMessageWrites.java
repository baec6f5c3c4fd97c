package io.workshopstate.query.session;

import io.workshopstate.query.projection.ColumnArrays;
import io.workshopstate.query.projection.PendingWrites;
import io.workshopstate.query.projection.StatementPipeline;
import io.workshopstate.session.ChatMessageAppended;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;

/** A batch's chat messages; a message's row id comes from its session and id, so a replayed one is kept once. */
class ChatMessageWrites implements PendingWrites {

    private final ColumnArrays messages = new ColumnArrays(8);
    private final Set<UUID> erasedSessions = new LinkedHashSet<>();

    void appended(ChatMessageAppended event, String content, Instant at, long sessionVersion) {
        messages.add(ChatMessageRow.rowIdOf(event.sessionId(), event.messageId()), event.messageId(),
                event.sessionId(), event.stepNumber(), event.role().value(), content, at, sessionVersion);
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
        if (!messages.isEmpty()) {
            statements.add("""
                    INSERT INTO chat_messages
                        (id, message_id, session_id, step_number, role, content, timestamp, session_version)
                    SELECT * FROM unnest(?::uuid[], ?::uuid[], ?::uuid[], ?::int[], ?::text[], ?::text[],
                        ?::timestamp[], ?::bigint[])
                    ON CONFLICT (id) DO NOTHING""", messages);
        }
        if (!erasedSessions.isEmpty()) {
            statements.add("UPDATE chat_messages SET content = '' WHERE session_id = ANY(?::uuid[])",
                    ColumnArrays.column(erasedSessions));
        }
    }
}
