package io.workshopstate.command.session;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.workshopstate.command.workshop.WorkshopDirectory;
import io.workshopstate.platform.privacy.PersonalTexts;
import io.workshopstate.platform.privacy.SessionKeys;
import io.workshopstate.rejection.Rejection;
import io.workshopstate.session.AppendChatMessage;
import io.workshopstate.session.ChatMessageAppended;
import io.workshopstate.session.ChatMessageReceipt;
import io.workshopstate.session.CurrentStepChanged;
import io.workshopstate.session.EraseSession;
import io.workshopstate.session.ProtectedText;
import io.workshopstate.session.RedoStepResponse;
import io.workshopstate.session.SaveReceipt;
import io.workshopstate.session.SaveStepResponse;
import io.workshopstate.session.SessionErased;
import io.workshopstate.session.SessionEvent;
import io.workshopstate.session.SessionReceipt;
import io.workshopstate.session.SessionStarted;
import io.workshopstate.session.StartSession;
import io.workshopstate.session.StepResponseRedone;
import io.workshopstate.session.StepResponseRevised;
import io.workshopstate.session.StepResponseSaved;
import io.workshopstate.session.StepResponseUndone;
import io.workshopstate.session.UndoStepResponse;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.serialization.Revision;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One participant's way through one workshop: their answers per step, where they are, their chat.
 * Texts enter events sealed with the session's key (see {@link PersonalTexts}); erasing the session destroys
 * the key. Snapshots store its fields as they are, hence the field visibility; revision 2 of the snapshot
 * added undo and redo, revision 3 keeps what a step's revisions need in arrays of longs. Snapshots of another revision
 * are passed over, and the session is loaded from its events.
 */
@Aggregate(snapshotTriggerDefinition = "sessionSnapshotTrigger", cache = "sessionCache")
@Revision("3")
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
    private boolean erased;
    private final Map<Integer, StepTexts> steps = new HashMap<>();
    private final Map<UUID, Long> chatMessageVersions = new HashMap<>();

    /**
     * A step's current text and what undo and redo walk through. Only the current text is kept; older ones
     * are read back from the event that made their revision.
     */
    @JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
            isGetterVisibility = JsonAutoDetect.Visibility.NONE)
    private static final class StepTexts {
        private long revision;
        private ProtectedText text;
        private int characterCount;
        /** The sequence number of the event that made each revision, revision 1 first; -1 for one never made. */
        private final LongList sequenceNumbers = new LongList();
        /** Revisions whose texts an undo goes back through; the last one's text is the current text. */
        private final LongList undoable = new LongList();
        /** Revisions the undos since the last save took back; the last one is what a redo applies again. */
        private final LongList redoable = new LongList();

        void revise(StepResponseRevised event, long sequenceNumber) {
            revision = event.revision();
            text = event.responseText();
            characterCount = event.characterCount();
            // Each revision is the one before it plus one, so revision r is at r - 1.
            while (sequenceNumbers.size() < event.revision() - 1) {
                sequenceNumbers.add(-1);
            }
            sequenceNumbers.add(sequenceNumber);
        }

        long sequenceNumberOf(long revision) {
            long sequenceNumber = revision < 1 || revision > sequenceNumbers.size() ? -1
                    : sequenceNumbers.get((int) revision - 1);
            if (sequenceNumber < 0) {
                throw new IllegalStateException("The step has no revision " + revision);
            }
            return sequenceNumber;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof StepTexts that && revision == that.revision && Objects.equals(text, that.text)
                    && characterCount == that.characterCount && sequenceNumbers.equals(that.sequenceNumbers)
                    && undoable.equals(that.undoable) && redoable.equals(that.redoable);
        }

        @Override
        public int hashCode() {
            return Objects.hash(revision, text, characterCount, sequenceNumbers, undoable, redoable);
        }
    }

    private record RevisionText(ProtectedText text, int characterCount) {
    }

    // Required by Axon to rebuild the aggregate from its events, and to start one on StartSession.
    protected WorkshopSession() {
    }

    /** Starting twice resumes: a participant has one session per workshop, however often they ask. */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    SessionReceipt handle(StartSession command, WorkshopDirectory directory, SessionKeys keys) {
        // Checked before resuming: a derived id is what makes an existing session the caller's own.
        if (!command.sessionId().equals(StartSession.sessionIdFor(command.workshopId(), command.participantId()))) {
            throw Rejection.invalidField("sessionId", "must be derived from the workshop and participant")
                    .asCommandFailure();
        }
        if (sessionId != null) {
            requireNotErased();
            return receipt(true);
        }
        WorkshopDirectory.Entry workshop = directory.find(command.workshopId())
                .orElseThrow(() -> Rejection.of(Rejection.Reason.NOT_FOUND, "No such workshop").asCommandFailure());
        if (workshop.closed()) {
            throw closedWorkshop();
        }
        // The key is made with the session, in one transaction: so the keys list every session a participant has.
        keys.findOrCreate(command.sessionId(), command.participantId());
        apply(new SessionStarted(command.sessionId(), command.workshopId(), command.participantId(),
                workshop.stepCount()), workshopMetadata(command.workshopId()));
        return receipt(false);
    }

    @CommandHandler
    SaveReceipt handle(SaveStepResponse command, WorkshopDirectory directory, PersonalTexts texts, EventStore events) {
        requireParticipant(command.participantId());
        requireStep("stepNumber", command.stepNumber());
        if (command.currentStep() != null) {
            requireStep("currentStep", command.currentStep());
        }
        if (command.responseText() == null) {
            throw Rejection.invalidField("responseText", "must not be null").asCommandFailure();
        }
        requireWritable(directory);
        StepTexts step = steps.get(command.stepNumber());
        requireExpectedRevision(command.stepNumber(), command.expectedRevision(), command.responseText(), texts,
                events);
        boolean unchanged = step != null
                && texts.openToRevise(sessionId, participantId, step.text).orElseThrow()
                .equals(command.responseText());
        if (!unchanged) {
            apply(new StepResponseSaved(sessionId, command.stepNumber(), revisionOf(step) + 1,
                    texts.seal(sessionId, participantId, command.responseText()),
                    StepResponseRevised.characterCount(command.responseText())), workshopMetadata(workshopId));
        }
        if (command.currentStep() != null && command.currentStep() != currentStep) {
            apply(new CurrentStepChanged(sessionId, command.currentStep()), workshopMetadata(workshopId));
        }
        return saveReceipt(command.stepNumber());
    }

    /** Makes the text before the current one current again, as a new revision. */
    @CommandHandler
    SaveReceipt handle(UndoStepResponse command, WorkshopDirectory directory, PersonalTexts texts, EventStore events) {
        StepTexts step = stepToRevert(command.participantId(), command.stepNumber(), command.expectedRevision(),
                directory, texts, events);
        if (step == null || step.undoable.size() < 2) {
            throw nothingToRevert("undo", command.stepNumber(), step == null
                    ? "it has no response yet" : "revision " + step.undoable.get(0) + " is its first text");
        }
        long undone = step.undoable.last();
        long restored = step.undoable.get(step.undoable.size() - 2);
        RevisionText text = textOf(step, restored, texts, events);
        apply(new StepResponseUndone(sessionId, command.stepNumber(), step.revision + 1, text.text(),
                text.characterCount(), undone, restored), workshopMetadata(workshopId));
        return saveReceipt(command.stepNumber());
    }

    /** Makes the text the last undo took back current again, as a new revision. */
    @CommandHandler
    SaveReceipt handle(RedoStepResponse command, WorkshopDirectory directory, PersonalTexts texts, EventStore events) {
        StepTexts step = stepToRevert(command.participantId(), command.stepNumber(), command.expectedRevision(),
                directory, texts, events);
        if (step == null || step.redoable.isEmpty()) {
            throw nothingToRevert("redo", command.stepNumber(), "no undo since its last save is left to take back");
        }
        long redone = step.redoable.last();
        RevisionText text = textOf(step, redone, texts, events);
        apply(new StepResponseRedone(sessionId, command.stepNumber(), step.revision + 1, text.text(),
                text.characterCount(), redone), workshopMetadata(workshopId));
        return saveReceipt(command.stepNumber());
    }

    @CommandHandler
    ChatMessageReceipt handle(AppendChatMessage command, WorkshopDirectory directory, PersonalTexts texts) {
        requireParticipant(command.participantId());
        Long appendedAt = chatMessageVersions.get(command.messageId());
        if (appendedAt != null) {
            return new ChatMessageReceipt(command.messageId(), appendedAt, true);
        }
        requireStep("stepNumber", command.stepNumber());
        requireWritable(directory);
        apply(new ChatMessageAppended(sessionId, command.messageId(), command.stepNumber(), command.role(),
                texts.seal(sessionId, participantId, command.content())), workshopMetadata(workshopId));
        return new ChatMessageReceipt(command.messageId(), version, false);
    }

    /** Destroys the session's key with the event that records it, in one transaction; erasing again changes nothing. */
    @CommandHandler
    long handle(EraseSession command, SessionKeys keys) {
        if (!erased) {
            keys.destroy(sessionId);
            apply(new SessionErased(sessionId), workshopMetadata(workshopId));
        }
        return version;
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
        StepTexts step = revise(event, sequenceNumber);
        step.undoable.add(event.revision());
        step.redoable.clear();
    }

    @EventSourcingHandler
    void on(StepResponseUndone event, @SequenceNumber long sequenceNumber) {
        StepTexts step = revise(event, sequenceNumber);
        step.undoable.removeLast();
        step.redoable.add(event.undoneRevision());
    }

    @EventSourcingHandler
    void on(StepResponseRedone event, @SequenceNumber long sequenceNumber) {
        StepTexts step = revise(event, sequenceNumber);
        step.redoable.removeLast();
        step.undoable.add(event.redoneRevision());
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

    @EventSourcingHandler
    void on(SessionErased event, @SequenceNumber long sequenceNumber) {
        erased = true;
        steps.values().forEach(step -> step.text = null);
        version = sequenceNumber + 1;
    }

    /** What undo and redo check before they act: the step's texts, or {@code null} if it has none. */
    private StepTexts stepToRevert(String participantId, int stepNumber, Long expectedRevision,
                                   WorkshopDirectory directory, PersonalTexts texts, EventStore events) {
        requireParticipant(participantId);
        requireStep("stepNumber", stepNumber);
        requireWritable(directory);
        requireExpectedRevision(stepNumber, expectedRevision, null, texts, events);
        return steps.get(stepNumber);
    }

    private StepTexts revise(StepResponseRevised event, long sequenceNumber) {
        StepTexts step = steps.computeIfAbsent(event.stepNumber(), number -> new StepTexts());
        step.revise(event, sequenceNumber);
        version = sequenceNumber + 1;
        return step;
    }

    /**
     * An older revision's text, read back from its event. One stored before texts were sealed is sealed now,
     * so no new event carries a plain text.
     */
    private RevisionText textOf(StepTexts step, long revision, PersonalTexts texts, EventStore events) {
        DomainEventStream stream = events.readEvents(sessionId.toString(), step.sequenceNumberOf(revision));
        DomainEventMessage<?> event = stream.next();
        if (!(event.getPayload() instanceof StepResponseRevised revised) || revised.revision() != revision) {
            throw new IllegalStateException("Event " + event.getSequenceNumber() + " of session " + sessionId
                    + " does not hold revision " + revision + " it was recorded for");
        }
        ProtectedText text = revised.responseText().plain() == null ? revised.responseText()
                : texts.seal(sessionId, participantId, revised.responseText().plain());
        return new RevisionText(text, revised.characterCount());
    }

    /**
     * A stale revision is refused with what a three-way merge needs: the current text, the text the client
     * started from (its base) and, for a save, the client's own.
     */
    private void requireExpectedRevision(int stepNumber, Long expectedRevision, String yourText, PersonalTexts texts,
                                         EventStore events) {
        StepTexts step = steps.get(stepNumber);
        long currentRevision = revisionOf(step);
        if (expectedRevision == null || expectedRevision == currentRevision) {
            return;
        }
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("currentRevision", currentRevision);
        properties.put("currentText", step == null ? null : texts.open(sessionId, step.text).orElseThrow());
        properties.put("baseRevision", expectedRevision);
        properties.put("baseText", baseText(step, expectedRevision, texts, events));
        if (yourText != null) {
            properties.put("yourText", yourText);
        }
        throw new Rejection(Rejection.Reason.STALE_REVISION,
                "Step " + stepNumber + " is at revision " + currentRevision + ", not " + expectedRevision, properties)
                .asCommandFailure();
    }

    /** The text of the revision a client started from: empty before the first save, none if it never existed. */
    private String baseText(StepTexts step, long revision, PersonalTexts texts, EventStore events) {
        if (revision == 0) {
            return "";
        }
        if (step == null || revision > step.revision) {
            return null;
        }
        return texts.open(sessionId, textOf(step, revision, texts, events).text()).orElseThrow();
    }

    private static long revisionOf(StepTexts step) {
        return step == null ? 0 : step.revision;
    }

    private SaveReceipt saveReceipt(int stepNumber) {
        return new SaveReceipt(sessionId, stepNumber, steps.get(stepNumber).revision, currentStep, version);
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

    private void requireWritable(WorkshopDirectory directory) {
        requireNotErased();
        requireOpen(directory);
    }

    private void requireNotErased() {
        if (erased) {
            throw Rejection.of(Rejection.Reason.ERASED, "This session's data was erased; it takes no more writes")
                    .asCommandFailure();
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

    private static RuntimeException nothingToRevert(String action, int stepNumber, String why) {
        return Rejection.of(Rejection.Reason.NOTHING_TO_REVERT,
                "Nothing to " + action + " on step " + stepNumber + ": " + why).asCommandFailure();
    }
}
