package io.workshopstate.query.session;

import io.workshopstate.platform.privacy.PersonalTexts;
import io.workshopstate.query.projection.ProjectionBatch;
import io.workshopstate.query.projection.WorkshopViews;
import io.workshopstate.session.SessionErased;
import io.workshopstate.session.StepResponseRevised;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.stereotype.Component;

import java.time.Instant;

/**
 * Keeps {@code step_responses}, the current text of every answered step, and
 * {@code step_response_revisions}, every revision of every step for history and audit.
 */
@Component
@ProcessingGroup(WorkshopViews.PROCESSING_GROUP)
class StepResponseProjection {

    private final ProjectionBatch batch;
    private final PersonalTexts texts;

    StepResponseProjection(ProjectionBatch batch, PersonalTexts texts) {
        this.batch = batch;
        this.texts = texts;
    }

    @EventHandler
    void on(StepResponseRevised event, @Timestamp Instant savedAt) {
        StepResponseWrites writes = writes();
        writes.revised(event, texts.openOrErased(event.sessionId(), event.responseText()), savedAt);
    }

    @EventHandler
    void on(SessionErased event) {
        writes().erased(event.sessionId());
    }

    private StepResponseWrites writes() {
        return batch.pending(StepResponseWrites.class, () -> {
            texts.prepareToOpen(batch.sessionsInBatch());
            return new StepResponseWrites(batch.fillsRebuild());
        });
    }
}
