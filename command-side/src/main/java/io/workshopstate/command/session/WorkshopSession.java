package io.workshopstate.command.session;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.workshopstate.command.workshop.WorkshopDirectory;
import io.workshopstate.rejection.Rejection;
import io.workshopstate.session.AppendChatMessage;
import io.workshopstate.session.ChatMessageAppended;
import io.workshopstate.session.ChatMessageReceipt;
import io.workshopstate.session.CurrentStepChanged;
import io.workshopstate.session.SaveReceipt;
import io.workshopstate.session.SaveStepResponse;
import io.workshopstate.session.SessionEvent;
import io.workshopstate.session.SessionReceipt;
import io.workshopstate.session.SessionStarted;
import io.workshopstate.session.StartSession;
import io.workshopstate.session.StepResponseSaved;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One participant's way through one workshop: their answers per step, where they are, their chat.
 * Snapshots store its fields as they are, hence the field visibility.
 */
@Aggregate(snapshotTriggerDefinition = "sessionSnapshotTrigger", cache = "sessionCache")
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
class WorkshopSession {

    @AggregateIdentifier
    private UUID sessionId;
    private UUID workshopId;
    private String participantId;
    private int stepCount;
    private int currentStep;
    private long version;
    private final Map<Integer, StepText> steps = new HashMap<>();
    private final Map<UUID, Long> chatMessageVersions = new HashMap<>();

    private record StepText(long revision, String text) {
    }

    // Required by Axon to rebuild the aggregate from its events, and to start one on StartSession.
    protected WorkshopSession() {
    }

    /** Starting twice resumes: a participant has one session per workshop, however often they ask. */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    SessionReceipt handle(StartSession command, WorkshopDirectory directory) {
        // Checked before resuming: a derived id is what makes an existing session the caller's own.
        if (!command.sessionId().equals(StartSession.sessionIdFor(command.workshopId(), command.participantId()))) {
            throw Rejection.invalidField("sessionId", "must be derived from the workshop and participant")
                    .asCommandFailure();
        }
        if (sessionId != null) {
            return receipt(true);
        }
        WorkshopDirectory.Entry workshop = directory.find(command.workshopId())
                .orElseThrow(() -> Rejection.of(Rejection.Reason.NOT_FOUND, "No such workshop").asCommandFailure());
        if (workshop.closed()) {
            throw closedWorkshop();
        }
        apply(new SessionStarted(command.sessionId(), command.workshopId(), command.participantId(),
                workshop.stepCount()), workshopMetadata(command.workshopId()));
        return receipt(false);
    }

    @CommandHandler
    SaveReceipt handle(SaveStepResponse command, WorkshopDirectory directory) {
        requireParticipant(command.participantId());
        requireStep("stepNumber", command.stepNumber());
        if (command.currentStep() != null) {
            requireStep("currentStep", command.currentStep());
        }
        if (command.responseText() == null) {
            throw Rejection.invalidField("responseText", "must not be null").asCommandFailure();
        }
        requireOpen(directory);
        StepText current = steps.get(command.stepNumber());
        long currentRevision = current == null ? 0 : current.revision();
        if (command.expectedRevision() != null && command.expectedRevision() != currentRevision) {
            Map<String, Object> properties = new LinkedHashMap<>();
            properties.put("currentRevision", currentRevision);
            properties.put("currentText", current == null ? null : current.text());
            throw new Rejection(Rejection.Reason.STALE_REVISION,
                    "Step " + command.stepNumber() + " is at revision " + currentRevision
                            + ", not " + command.expectedRevision(), properties).asCommandFailure();
        }
        if (current == null || !current.text().equals(command.responseText())) {
            apply(StepResponseSaved.of(sessionId, command.stepNumber(), currentRevision + 1, command.responseText()),
                    workshopMetadata(workshopId));
        }
        if (command.currentStep() != null && command.currentStep() != currentStep) {
            apply(new CurrentStepChanged(sessionId, command.currentStep()), workshopMetadata(workshopId));
        }
        return new SaveReceipt(sessionId, command.stepNumber(), steps.get(command.stepNumber()).revision(),
                currentStep, version);
    }

    @CommandHandler
    ChatMessageReceipt handle(AppendChatMessage command, WorkshopDirectory directory) {
        requireParticipant(command.participantId());
        Long appendedAt = chatMessageVersions.get(command.messageId());
        if (appendedAt != null) {
            return new ChatMessageReceipt(command.messageId(), appendedAt, true);
        }
        requireStep("stepNumber", command.stepNumber());
        requireOpen(directory);
        apply(new ChatMessageAppended(sessionId, command.messageId(), command.stepNumber(), command.role(),
                command.content()), workshopMetadata(workshopId));
        return new ChatMessageReceipt(command.messageId(), version, false);
    }

    @EventSourcingHandler
    void on(SessionStarted event, @SequenceNumber long sequenceNumber) {
        sessionId = event.sessionId();
        workshopId = event.workshopId();
        participantId = event.participantId();
        stepCount = event.stepCount();
        currentStep = 1;
        version = sequenceNumber + 1;
    }

    @EventSourcingHandler
    void on(StepResponseSaved event, @SequenceNumber long sequenceNumber) {
        steps.put(event.stepNumber(), new StepText(event.revision(), event.responseText()));
        version = sequenceNumber + 1;
    }

    @EventSourcingHandler
    void on(CurrentStepChanged event, @SequenceNumber long sequenceNumber) {
        currentStep = event.currentStep();
        version = sequenceNumber + 1;
    }

    @EventSourcingHandler
    void on(ChatMessageAppended event, @SequenceNumber long sequenceNumber) {
        version = sequenceNumber + 1;
        chatMessageVersions.put(event.messageId(), version);
    }

    private static MetaData workshopMetadata(UUID workshopId) {
        return MetaData.with(SessionEvent.WORKSHOP_ID_METADATA, workshopId.toString());
    }

    private SessionReceipt receipt(boolean resumed) {
        return new SessionReceipt(sessionId, workshopId, participantId, stepCount, currentStep, version, resumed);
    }

    /**
     * Another participant's session answers exactly like one that does not exist, down to the detail
     * text the API gives for an aggregate missing from the event store.
     */
    private void requireParticipant(String requester) {
        if (!Objects.equals(participantId, requester)) {
            throw Rejection.notFound().asCommandFailure();
        }
    }

    private void requireStep(String field, int step) {
        if (step < 1 || step > stepCount) {
            throw Rejection.invalidField(field, "must be between 1 and " + stepCount).asCommandFailure();
        }
    }

    /** A workshop the directory has lost is treated as closed: refusing a write beats letting one through. */
    private void requireOpen(WorkshopDirectory directory) {
        boolean closed = directory.find(workshopId).map(WorkshopDirectory.Entry::closed).orElse(true);
        if (closed) {
            throw closedWorkshop();
        }
    }

    private static RuntimeException closedWorkshop() {
        return Rejection.of(Rejection.Reason.WORKSHOP_CLOSED, "The workshop is closed and takes no more writes")
                .asCommandFailure();
    }
}
