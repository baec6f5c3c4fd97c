package io.workshopstate.query.session;

import io.workshopstate.query.projection.ProjectedRow;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

@Entity
@Table(name = "workshop_sessions")
class SessionRow extends ProjectedRow {

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

    SessionRow(UUID id, UUID workshopId, String participantId, Instant startedAt, long version) {
        this.id = id;
        this.workshopId = workshopId;
        this.participantId = participantId;
        this.currentStep = 1;
        this.startedAt = startedAt;
        this.updatedAt = startedAt;
        this.version = version;
    }

    /** @return whether the event was new to this row; replays deliver events again */
    boolean advanceTo(long eventVersion, Instant at) {
        if (eventVersion <= version) {
            return false;
        }
        version = eventVersion;
        updatedAt = at;
        return true;
    }

    void moveTo(int step) {
        currentStep = step;
    }

    @Override
    public UUID getId() {
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
