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

/** Keeps {@code workshops}. */
@Component
@ProcessingGroup(WorkshopViews.PROCESSING_GROUP)
class WorkshopProjection {

    private final WorkshopBackfill workshops;

    WorkshopProjection(WorkshopBackfill workshops) {
        this.workshops = workshops;
    }

    @EventHandler
    void on(WorkshopCreated event, @SequenceNumber long sequenceNumber) {
        workshops.writes().created(event, sequenceNumber + 1);
    }

    @EventHandler
    void on(WorkshopClosed event, @SequenceNumber long sequenceNumber, @Timestamp Instant closedAt) {
        workshops.writes().closed(event.workshopId(), closedAt, sequenceNumber + 1);
    }
}
