package io.workshopstate.query.session;

import io.workshopstate.query.projection.WorkshopViews;
import io.workshopstate.session.StepResponseSaved;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.stereotype.Component;

import java.time.Instant;

/** Keeps {@code step_response_revisions}: every revision of every step, for history and audit. */
@Component
@ProcessingGroup(WorkshopViews.PROCESSING_GROUP)
class StepHistoryProjection {

    private final StepRevisionRows revisions;

    StepHistoryProjection(StepRevisionRows revisions) {
        this.revisions = revisions;
    }

    @EventHandler
    void on(StepResponseSaved event, @Timestamp Instant savedAt) {
        if (revisions.findById(StepRevisionRow.rowIdOf(event.sessionId(), event.stepNumber(), event.revision()))
                .isEmpty()) {
            revisions.save(new StepRevisionRow(event.sessionId(), event.stepNumber(), event.revision(),
                    event.responseText(), savedAt));
        }
    }
}
