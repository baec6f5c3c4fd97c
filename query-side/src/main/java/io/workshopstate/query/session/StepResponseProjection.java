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

/** Keeps {@code step_responses}: the current text of every answered step. */
@Component
@ProcessingGroup(WorkshopViews.PROCESSING_GROUP)
class StepResponseProjection {

    private final StepResponseRows responses;
    private final PersonalTexts texts;

    StepResponseProjection(StepResponseRows responses, PersonalTexts texts) {
        this.responses = responses;
        this.texts = texts;
    }

    @EventHandler
    void on(StepResponseRevised event, @Timestamp Instant savedAt) {
        String text = texts.openOrErased(event.sessionId(), event.responseText());
        responses.findById(StepResponseRow.rowIdOf(event.sessionId(), event.stepNumber())).ifPresentOrElse(
                response -> response.revise(event, text, savedAt),
                () -> responses.save(new StepResponseRow(event, text, savedAt)));
    }

    @EventHandler
    void on(SessionErased event) {
        responses.eraseTextsOf(event.sessionId());
    }
}
