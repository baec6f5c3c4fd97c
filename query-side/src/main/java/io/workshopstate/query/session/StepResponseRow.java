package io.workshopstate.query.session;

import io.workshopstate.session.SessionView.StepResponseView;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/** The current text of one step; its earlier revisions are in {@link StepRevisionRow}. */
@Entity
@Table(name = "step_responses")
class StepResponseRow {

    @Id
    private UUID id;

    @Column(name = "session_id", nullable = false)
    private UUID sessionId;

    @Column(name = "step_number", nullable = false)
    private int stepNumber;

    @Column(name = "response_text")
    private String responseText;

    @Column(name = "revision", nullable = false)
    private long revision;

    @Column(name = "character_count", nullable = false)
    private int characterCount;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected StepResponseRow() {
    }

    static UUID rowIdOf(UUID sessionId, int stepNumber) {
        return UUID.nameUUIDFromBytes(("step-response:" + sessionId + ":" + stepNumber).getBytes(StandardCharsets.UTF_8));
    }

    StepResponseView toView() {
        return new StepResponseView(stepNumber, responseText, characterCount, revision, updatedAt);
    }
}
