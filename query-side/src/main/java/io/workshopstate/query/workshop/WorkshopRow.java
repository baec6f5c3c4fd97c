package io.workshopstate.query.workshop;

import io.workshopstate.workshop.WorkshopView;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

@Entity
@Table(name = "workshops")
public class WorkshopRow {

    @Id
    private UUID id;

    @Column(name = "facilitator_id", nullable = false)
    private String facilitatorId;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "status", nullable = false)
    private String status;

    @Column(name = "title", nullable = false)
    private String title;

    @Column(name = "step_count", nullable = false)
    private int stepCount;

    @Column(name = "closed_at")
    private Instant closedAt;

    @Column(name = "version", nullable = false)
    private long version;

    protected WorkshopRow() {
    }

    public UUID id() {
        return id;
    }

    public String facilitatorId() {
        return facilitatorId;
    }

    public String title() {
        return title;
    }

    public String status() {
        return status;
    }

    public int stepCount() {
        return stepCount;
    }

    long version() {
        return version;
    }

    WorkshopView toView() {
        return new WorkshopView(id, title, stepCount, status, facilitatorId, createdAt);
    }
}
