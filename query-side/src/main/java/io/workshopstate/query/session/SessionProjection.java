package io.workshopstate.query.session;

import io.workshopstate.query.projection.ProjectionBatch;
import io.workshopstate.query.projection.WorkshopViews;
import io.workshopstate.query.workshop.WorkshopBackfill;
import io.workshopstate.session.CurrentStepChanged;
import io.workshopstate.session.SessionEvent;
import io.workshopstate.session.SessionStarted;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.stereotype.Component;

import java.time.Instant;

/** Keeps {@code workshop_sessions}: where each participant is, and how far their row has followed their events. */
@Component
@ProcessingGroup(WorkshopViews.PROCESSING_GROUP)
class SessionProjection {

    private final ProjectionBatch batch;
    private final WorkshopBackfill workshops;

    SessionProjection(ProjectionBatch batch, WorkshopBackfill workshops) {
        this.batch = batch;
        this.workshops = workshops;
    }

    @EventHandler
    void on(SessionStarted event, @SequenceNumber long sequenceNumber, @Timestamp Instant at) {
        workshops.require(event.workshopId());
        writes().started(event, at, sequenceNumber + 1);
    }

    @EventHandler
    void on(CurrentStepChanged event, @SequenceNumber long sequenceNumber, @Timestamp Instant at) {
        writes().advanced(event.sessionId(), sequenceNumber + 1, at, event.currentStep());
    }

    /** Every other event of the session still moves its version and last-update time. */
    @EventHandler
    void on(SessionEvent event, @SequenceNumber long sequenceNumber, @Timestamp Instant at) {
        writes().advanced(event.sessionId(), sequenceNumber + 1, at, null);
    }

    private SessionWrites writes() {
        return batch.pending(SessionWrites.class, () -> new SessionWrites(batch.fillsRebuild()));
    }
}
