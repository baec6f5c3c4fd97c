package io.workshopstate.query.session;

import io.workshopstate.query.projection.ProjectedRow;
import io.workshopstate.session.RevisionKind;
import io.workshopstate.session.StepResponseRevised;
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
class StepRevisionRow extends ProjectedRow {

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

    StepRevisionRow(StepResponseRevised revised, String text, Instant savedAt) {
        this.id = rowIdOf(revised.sessionId(), revised.stepNumber(), revised.revision());
        this.sessionId = revised.sessionId();
        this.stepNumber = revised.stepNumber();
        this.revision = revised.revision();
        this.responseText = text;
        this.savedAt = savedAt;
        this.kind = revised.kind().value();
        this.undoneRevision = revised.kind() == RevisionKind.UNDONE ? revised.revertedRevision() : null;
        this.redoneRevision = revised.kind() == RevisionKind.REDONE ? revised.revertedRevision() : null;
    }

    static UUID rowIdOf(UUID sessionId, int stepNumber, long revision) {
        String name = "step-revision:" + sessionId + ":" + stepNumber + ":" + revision;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public UUID getId() {
        return id;
    }

    StepRevision toView() {
        return new StepRevision(revision, responseText, savedAt, kind, undoneRevision, redoneRevision);
    }
}
