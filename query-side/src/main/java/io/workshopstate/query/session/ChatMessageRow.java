package io.workshopstate.query.session;

import io.workshopstate.session.SessionView.ChatMessageView;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

@Entity
@Table(name = "chat_messages")
class ChatMessageRow {

    /** Derived from the session and the client's message id, so a replayed event finds its row. */
    @Id
    private UUID id;

    @Column(name = "message_id", nullable = false)
    private UUID messageId;

    @Column(name = "session_id", nullable = false)
    private UUID sessionId;

    @Column(name = "step_number", nullable = false)
    private int stepNumber;

    @Column(name = "role", nullable = false)
    private String role;

    @Column(name = "content", nullable = false)
    private String content;

    @Column(name = "timestamp", nullable = false)
    private Instant timestamp;

    /** The session version the message was appended at; it orders the conversation. */
    @Column(name = "session_version", nullable = false)
    private long sessionVersion;

    protected ChatMessageRow() {
    }

    static UUID rowIdOf(UUID sessionId, UUID messageId) {
        return UUID.nameUUIDFromBytes((sessionId + ":" + messageId).getBytes(StandardCharsets.UTF_8));
    }

    ChatMessageView toView() {
        return new ChatMessageView(messageId, stepNumber, role, content, timestamp);
    }
}
