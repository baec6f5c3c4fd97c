package io.workshopstate.query.session;

import io.workshopstate.platform.privacy.PersonalTexts;
import io.workshopstate.session.ChatMessageAppended;
import io.workshopstate.session.CurrentStepChanged;
import io.workshopstate.session.SessionStarted;
import io.workshopstate.session.SessionView;
import io.workshopstate.session.SessionView.ChatMessageView;
import io.workshopstate.session.SessionView.StepResponseView;
import io.workshopstate.session.StepResponseRevised;
import io.workshopstate.workshop.WorkshopClosed;
import io.workshopstate.workshop.WorkshopCreated;
import io.workshopstate.workshop.WorkshopStatus;
import org.axonframework.eventhandling.DomainEventMessage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/** A session document built by applying its events (and its workshop's) one by one, for audit replay. */
final class SessionFold {

    private final PersonalTexts texts;

    private UUID sessionId;
    private UUID workshopId;
    private String participantId;
    private String facilitatorId;
    private int stepCount;
    private String workshopStatus = WorkshopStatus.ACTIVE.value();
    private int currentStep;
    private Instant startedAt;
    private Instant updatedAt;
    private long version;
    private final Map<Integer, StepResponseView> responses = new TreeMap<>();
    private final List<ChatMessageView> chatMessages = new ArrayList<>();

    SessionFold(PersonalTexts texts) {
        this.texts = texts;
    }

    boolean started() {
        return sessionId != null;
    }

    UUID workshopId() {
        return workshopId;
    }

    String participantId() {
        return participantId;
    }

    String facilitatorId() {
        return facilitatorId;
    }

    void applySessionEvent(DomainEventMessage<?> event) {
        Instant at = event.getTimestamp();
        Object payload = event.getPayload();
        if (payload instanceof SessionStarted started) {
            sessionId = started.sessionId();
            workshopId = started.workshopId();
            participantId = started.participantId();
            stepCount = started.stepCount();
            currentStep = 1;
            startedAt = at;
        } else if (payload instanceof StepResponseRevised revised) {
            responses.put(revised.stepNumber(), new StepResponseView(revised.stepNumber(),
                    texts.openOrErased(revised.sessionId(), revised.responseText()), revised.characterCount(),
                    revised.revision(), at));
        } else if (payload instanceof CurrentStepChanged moved) {
            currentStep = moved.currentStep();
        } else if (payload instanceof ChatMessageAppended message) {
            chatMessages.add(new ChatMessageView(message.messageId(), message.stepNumber(), message.role().value(),
                    texts.openOrErased(message.sessionId(), message.content()), at));
        }
        version = event.getSequenceNumber() + 1;
        updatedAt = at;
    }

    void applyWorkshopEvent(DomainEventMessage<?> event) {
        if (event.getPayload() instanceof WorkshopCreated created) {
            facilitatorId = created.facilitatorId();
        } else if (event.getPayload() instanceof WorkshopClosed) {
            workshopStatus = WorkshopStatus.CLOSED.value();
        }
    }

    SessionView toView() {
        return new SessionView(sessionId, workshopId, participantId, stepCount, workshopStatus, currentStep, startedAt,
                updatedAt, version, List.copyOf(responses.values()), List.copyOf(chatMessages));
    }
}
