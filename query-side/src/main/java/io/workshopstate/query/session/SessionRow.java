package io.workshopstate.query.session;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

@Entity
@Table(name = "workshop_sessions")
class SessionRow {

    @Id
    private UUID id;

    @Column(name = "workshop_id", nullable = false)
    private UUID workshopId;

    @Column(name = "participant_id", nullable = false)
    private String participantId;

    @Column(name = "current_step", nullable = false)
    private int currentStep;

    @Column(name = "started_at", nullable = false)
    private Instant startedAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    /** How many of the session's events this row reflects; the read-your-writes check compares against it. */
    @Column(name = "version", nullable = false)
    private long version;

    protected SessionRow() {
    }

    UUID id() {
        return id;
    }

    UUID workshopId() {
        return workshopId;
    }

    String participantId() {
        return participantId;
    }

    int currentStep() {
        return currentStep;
    }

    Instant startedAt() {
        return startedAt;
    }

    Instant updatedAt() {
        return updatedAt;
    }

    long version() {
        return version;
    }
}
