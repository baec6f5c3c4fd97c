package io.workshopstate.query.session;

import io.workshopstate.session.StepRevision;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

@Entity
@Table(name = "step_response_revisions")
class StepRevisionRow {

    @Id
    private UUID id;

    @Column(name = "session_id", nullable = false)
    private UUID sessionId;

    @Column(name = "step_number", nullable = false)
    private int stepNumber;

    @Column(name = "revision", nullable = false)
    private long revision;

    @Column(name = "response_text", nullable = false)
    private String responseText;

    @Column(name = "saved_at", nullable = false)
    private Instant savedAt;

    @Column(name = "kind", nullable = false)
    private String kind;

    @Column(name = "undone_revision")
    private Long undoneRevision;

    @Column(name = "redone_revision")
    private Long redoneRevision;

    protected StepRevisionRow() {
    }

    static UUID rowIdOf(UUID sessionId, int stepNumber, long revision) {
        String name = "step-revision:" + sessionId + ":" + stepNumber + ":" + revision;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }

    StepRevision toView() {
        return new StepRevision(revision, responseText, savedAt, kind, undoneRevision, redoneRevision);
    }
}
