package io.workshopstate.query.session;

import io.workshopstate.platform.privacy.PersonalTexts;
import io.workshopstate.query.projection.WorkshopViews;
import io.workshopstate.session.SessionErased;
import io.workshopstate.session.StepResponseRevised;
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
    private final PersonalTexts texts;

    StepHistoryProjection(StepRevisionRows revisions, PersonalTexts texts) {
        this.revisions = revisions;
        this.texts = texts;
    }

    @EventHandler
    void on(StepResponseRevised event, @Timestamp Instant savedAt) {
        if (revisions.findById(StepRevisionRow.rowIdOf(event.sessionId(), event.stepNumber(), event.revision()))
                .isEmpty()) {
            revisions.save(new StepRevisionRow(event, texts.openOrErased(event.sessionId(), event.responseText()),
                    savedAt));
        }
    }

    @EventHandler
    void on(SessionErased event) {
        revisions.eraseTextsOf(event.sessionId());
    }
}
