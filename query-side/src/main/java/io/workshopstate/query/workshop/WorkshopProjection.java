package io.workshopstate.query.workshop;

import io.workshopstate.query.projection.WorkshopViews;
import io.workshopstate.workshop.WorkshopClosed;
import io.workshopstate.workshop.WorkshopCreated;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.stereotype.Component;

import java.time.Instant;

@Component
@ProcessingGroup(WorkshopViews.PROCESSING_GROUP)
class WorkshopProjection {

    private final WorkshopRows workshops;

    WorkshopProjection(WorkshopRows workshops) {
        this.workshops = workshops;
    }

    @EventHandler
    void on(WorkshopCreated event, @SequenceNumber long sequenceNumber) {
        if (workshops.findById(event.workshopId()).isEmpty()) {
            workshops.save(new WorkshopRow(event.workshopId(), event.title(), event.stepCount(),
                    event.facilitatorId(), event.createdAt(), sequenceNumber + 1));
        }
    }

    @EventHandler
    void on(WorkshopClosed event, @SequenceNumber long sequenceNumber, @Timestamp Instant closedAt) {
        workshops.findById(event.workshopId())
                .filter(workshop -> workshop.version() <= sequenceNumber)
                .ifPresent(workshop -> workshop.close(closedAt, sequenceNumber + 1));
    }
}
