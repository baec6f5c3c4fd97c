package io.workshopstate.query.session;

import io.workshopstate.query.projection.WorkshopViews;
import io.workshopstate.session.StepResponseSaved;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.stereotype.Component;

import java.time.Instant;

/** Keeps {@code step_responses}: the current text of every answered step. */
@Component
@ProcessingGroup(WorkshopViews.PROCESSING_GROUP)
class StepResponseProjection {

    private final StepResponseRows responses;

    StepResponseProjection(StepResponseRows responses) {
        this.responses = responses;
    }

    @EventHandler
    void on(StepResponseSaved event, @Timestamp Instant savedAt) {
        responses.findById(StepResponseRow.rowIdOf(event.sessionId(), event.stepNumber())).ifPresentOrElse(
                response -> response.revise(event, savedAt),
                () -> responses.save(new StepResponseRow(event, savedAt)));
    }
}
