package io.workshopstate.query.session;

import io.workshopstate.platform.privacy.PersonalTexts;
import io.workshopstate.query.projection.ProjectionBatch;
import io.workshopstate.query.projection.WorkshopViews;
import io.workshopstate.session.ChatMessageAppended;
import io.workshopstate.session.SessionErased;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.stereotype.Component;

import java.time.Instant;

/** Keeps {@code chat_messages}: the conversation with the assistant, per step. */
@Component
@ProcessingGroup(WorkshopViews.PROCESSING_GROUP)
class ChatMessageProjection {

    private final ProjectionBatch batch;
    private final PersonalTexts texts;

    ChatMessageProjection(ProjectionBatch batch, PersonalTexts texts) {
        this.batch = batch;
        this.texts = texts;
    }

    @EventHandler
    void on(ChatMessageAppended event, @SequenceNumber long sequenceNumber, @Timestamp Instant at) {
        ChatMessageWrites writes = writes();
        writes.appended(event, texts.openOrErased(event.sessionId(), event.content()), at, sequenceNumber + 1);
    }

    @EventHandler
    void on(SessionErased event) {
        writes().erased(event.sessionId());
    }

    private ChatMessageWrites writes() {
        return batch.pending(ChatMessageWrites.class, () -> {
            texts.prepareToOpen(batch.sessionsInBatch());
            return new ChatMessageWrites();
        });
    }
}
