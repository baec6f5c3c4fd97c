package io.workshopstate.query.session;

import io.workshopstate.query.projection.WorkshopViews;
import io.workshopstate.session.ChatMessageAppended;
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

    private final ChatMessageRows messages;

    ChatMessageProjection(ChatMessageRows messages) {
        this.messages = messages;
    }

    @EventHandler
    void on(ChatMessageAppended event, @SequenceNumber long sequenceNumber, @Timestamp Instant at) {
        if (messages.findById(ChatMessageRow.rowIdOf(event.sessionId(), event.messageId())).isEmpty()) {
            messages.save(new ChatMessageRow(event.messageId(), event.sessionId(), event.stepNumber(),
                    event.role().value(), event.content(), at, sequenceNumber + 1));
        }
    }
}
