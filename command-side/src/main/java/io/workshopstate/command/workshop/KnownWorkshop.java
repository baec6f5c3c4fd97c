package io.workshopstate.command.workshop;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.util.UUID;

@Entity
@Table(name = "workshop_directory")
class KnownWorkshop {

    @Id
    @Column(name = "workshop_id")
    private UUID workshopId;

    @Column(name = "step_count", nullable = false)
    private int stepCount;

    @Column(name = "closed", nullable = false)
    private boolean closed;

    protected KnownWorkshop() {
    }

    KnownWorkshop(UUID workshopId, int stepCount) {
        this.workshopId = workshopId;
        this.stepCount = stepCount;
    }

    void close() {
        closed = true;
    }

    WorkshopDirectory.Entry toEntry() {
        return new WorkshopDirectory.Entry(workshopId, stepCount, closed);
    }
}
