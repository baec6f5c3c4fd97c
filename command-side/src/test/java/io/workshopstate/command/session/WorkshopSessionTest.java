package io.workshopstate.command.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.workshopstate.command.workshop.WorkshopDirectory;
import io.workshopstate.platform.privacy.PersonalTexts;
import io.workshopstate.rejection.Rejection;
import io.workshopstate.session.AppendChatMessage;
import io.workshopstate.session.ChatMessageAppended;
import io.workshopstate.session.ChatMessageReceipt;
import io.workshopstate.session.ChatRole;
import io.workshopstate.session.CurrentStepChanged;
import io.workshopstate.session.EraseSession;
import io.workshopstate.session.ProtectedText;
import io.workshopstate.session.RedoStepResponse;
import io.workshopstate.session.SaveReceipt;
import io.workshopstate.session.SaveStepResponse;
import io.workshopstate.session.SessionErased;
import io.workshopstate.session.SessionReceipt;
import io.workshopstate.session.SessionStarted;
import io.workshopstate.session.StartSession;
import io.workshopstate.session.StepResponseRedone;
import io.workshopstate.session.StepResponseRevised;
import io.workshopstate.session.StepResponseSaved;
import io.workshopstate.session.StepResponseUndone;
import io.workshopstate.session.UndoStepResponse;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeDiagnosingMatcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static io.workshopstate.command.RejectionMatchers.invalidField;
import static io.workshopstate.command.RejectionMatchers.rejectedAs;
import static io.workshopstate.command.RejectionMatchers.staleRevision;
import static org.assertj.core.api.Assertions.assertThat;

class WorkshopSessionTest {

    private static final UUID WORKSHOP_ID = UUID.randomUUID();
    private static final String PARTICIPANT = "participant-1";
    private static final String OTHER_PARTICIPANT = "participant-2";
    private static final UUID SESSION_ID = StartSession.sessionIdFor(WORKSHOP_ID, PARTICIPANT);
    private static final int STEP_COUNT = 5;
    private static final SessionStarted STARTED = new SessionStarted(SESSION_ID, WORKSHOP_ID, PARTICIPANT, STEP_COUNT);
    private static final UUID MESSAGE_ID = UUID.randomUUID();

    private FixtureConfiguration<WorkshopSession> fixture;
    private Directory directory;
    private InMemorySessionKeys keys;
    private PersonalTexts texts;

    @BeforeEach
    void setUp() {
        directory = new Directory();
        directory.add(new WorkshopDirectory.Entry(WORKSHOP_ID, STEP_COUNT, false));
        keys = new InMemorySessionKeys();
        texts = new PersonalTexts(keys);
        fixture = new AggregateTestFixture<>(WorkshopSession.class);
        fixture.registerInjectableResource(directory);
        fixture.registerInjectableResource(keys);
        fixture.registerInjectableResource(texts);
        fixture.registerInjectableResource(fixture.getEventStore());
    }

    @Test
    void startingASessionTakesTheWorkshopsStepCount() {
        fixture.givenNoPriorActivity()
                .when(StartSession.forParticipant(WORKSHOP_ID, PARTICIPANT))
                .expectEvents(STARTED)
                .expectResultMessagePayload(
                        new SessionReceipt(SESSION_ID, WORKSHOP_ID, PARTICIPANT, STEP_COUNT, 1, 1, false));
    }

    @Test
    void startingAgainResumesTheSessionWhereItIs() {
        fixture.given(STARTED, saved(1, 1, "idea"), new CurrentStepChanged(SESSION_ID, 2))
                .when(StartSession.forParticipant(WORKSHOP_ID, PARTICIPANT))
                .expectNoEvents()
                .expectResultMessagePayload(
                        new SessionReceipt(SESSION_ID, WORKSHOP_ID, PARTICIPANT, STEP_COUNT, 2, 3, true));
    }

    /** Only new sessions are refused once the workshop closed; a participant can still find theirs. */
    @Test
    void startingAgainAfterTheWorkshopClosedResumesTheSession() {
        directory.close(WORKSHOP_ID);
        fixture.given(STARTED)
                .when(StartSession.forParticipant(WORKSHOP_ID, PARTICIPANT))
                .expectNoEvents()
                .expectResultMessagePayload(
                        new SessionReceipt(SESSION_ID, WORKSHOP_ID, PARTICIPANT, STEP_COUNT, 1, 1, true));
    }

    @Test
    void cannotStartASessionInAMissingWorkshop() {
        UUID missingWorkshop = UUID.randomUUID();
        fixture.givenNoPriorActivity()
                .when(StartSession.forParticipant(missingWorkshop, PARTICIPANT))
                .expectException(CommandExecutionException.class)
                .expectExceptionDetails(rejectedAs(Rejection.Reason.NOT_FOUND))
                .expectNoEvents();
    }

    @Test
    void cannotStartASessionInAClosedWorkshop() {
        directory.close(WORKSHOP_ID);
        fixture.givenNoPriorActivity()
                .when(StartSession.forParticipant(WORKSHOP_ID, PARTICIPANT))
                .expectException(CommandExecutionException.class)
                .expectExceptionDetails(rejectedAs(Rejection.Reason.WORKSHOP_CLOSED))
                .expectNoEvents();
    }

    @Test
    void cannotStartASessionUnderAnIdNotDerivedFromWorkshopAndParticipant() {
        fixture.givenNoPriorActivity()
                .when(new StartSession(UUID.randomUUID(), WORKSHOP_ID, PARTICIPANT))
                .expectException(CommandExecutionException.class)
                .expectExceptionDetails(invalidField("sessionId"))
                .expectNoEvents();
    }

    @Test
    void startingUnderAnotherParticipantsSessionIdRevealsNothingOfThatSession() {
        fixture.given(STARTED)
                .when(new StartSession(SESSION_ID, WORKSHOP_ID, OTHER_PARTICIPANT))
                .expectException(CommandExecutionException.class)
                .expectExceptionDetails(invalidField("sessionId"))
                .expectNoEvents();
    }

    @Test
    void savingTheFirstTextOfAStepMakesRevisionOne() {
        fixture.given(STARTED)
                .when(save(1, "first idea"))
                .expectEventsMatching(reading(saved(1, 1, "first idea")))
                .expectResultMessagePayload(new SaveReceipt(SESSION_ID, 1, 1, 1, 2));
    }

    @Test
    void savingChangedTextMakesTheNextRevision() {
        fixture.given(STARTED, saved(1, 1, "first idea"))
                .when(save(1, "better idea"))
                .expectEventsMatching(reading(saved(1, 2, "better idea")))
                .expectResultMessagePayload(new SaveReceipt(SESSION_ID, 1, 2, 1, 3));
    }

    @Test
    void savingUnchangedTextMakesNoRevision() {
        fixture.given(STARTED, saved(1, 1, "first idea"), saved(2, 1, "other step"))
                .when(save(1, "first idea"))
                .expectNoEvents()
                .expectResultMessagePayload(new SaveReceipt(SESSION_ID, 1, 1, 1, 3));
    }

    @Test
    void savingWithCurrentStepMovesTheParticipant() {
        fixture.given(STARTED)
                .when(new SaveStepResponse(SESSION_ID, PARTICIPANT, 1, "first idea", 2, null))
                .expectEventsMatching(reading(saved(1, 1, "first idea"), new CurrentStepChanged(SESSION_ID, 2)))
                .expectResultMessagePayload(new SaveReceipt(SESSION_ID, 1, 1, 2, 3));
    }

    @Test
    void savingUnchangedTextWithCurrentStepOnlyMovesTheParticipant() {
        fixture.given(STARTED, saved(1, 1, "first idea"))
                .when(new SaveStepResponse(SESSION_ID, PARTICIPANT, 1, "first idea", 2, null))
                .expectEvents(new CurrentStepChanged(SESSION_ID, 2))
                .expectResultMessagePayload(new SaveReceipt(SESSION_ID, 1, 1, 2, 3));
    }

    @Test
    void savingUnchangedTextAtTheCurrentStepRecordsNothing() {
        fixture.given(STARTED, saved(1, 1, "first idea"), new CurrentStepChanged(SESSION_ID, 2))
                .when(new SaveStepResponse(SESSION_ID, PARTICIPANT, 1, "first idea", 2, null))
                .expectNoEvents()
                .expectResultMessagePayload(new SaveReceipt(SESSION_ID, 1, 1, 2, 3));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, STEP_COUNT + 1})
    void cannotSaveAStepOutsideTheWorkshop(int stepNumber) {
        fixture.given(STARTED)
                .when(save(stepNumber, "idea"))
                .expectException(CommandExecutionException.class)
                .expectExceptionDetails(invalidField("stepNumber"))
                .expectNoEvents();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, STEP_COUNT + 1})
    void cannotMoveToAStepOutsideTheWorkshop(int currentStep) {
        fixture.given(STARTED)
                .when(new SaveStepResponse(SESSION_ID, PARTICIPANT, 1, "idea", currentStep, null))
                .expectException(CommandExecutionException.class)
                .expectExceptionDetails(invalidField("currentStep"))
                .expectNoEvents();
    }

    @Test
    void cannotSaveWithoutResponseText() {
        fixture.given(STARTED)
                .when(save(1, null))
                .expectException(CommandExecutionException.class)
                .expectExceptionDetails(invalidField("responseText"))
                .expectNoEvents();
    }

    @Test
    void savingAgainstTheCurrentRevisionSaves() {
        fixture.given(STARTED, saved(1, 1, "first idea"))
                .when(new SaveStepResponse(SESSION_ID, PARTICIPANT, 1, "better idea", null, 1L))
                .expectEventsMatching(reading(saved(1, 2, "better idea")))
                .expectResultMessagePayload(new SaveReceipt(SESSION_ID, 1, 2, 1, 3));
    }

    @Test
    void savingANeverSavedStepAgainstRevisionZeroSaves() {
        fixture.given(STARTED)
                .when(new SaveStepResponse(SESSION_ID, PARTICIPANT, 1, "first idea", null, 0L))
                .expectEventsMatching(reading(saved(1, 1, "first idea")))
                .expectResultMessagePayload(new SaveReceipt(SESSION_ID, 1, 1, 1, 2));
    }

    @Test
    void savingAgainstAStaleRevisionWritesNothingAndTellsTheCurrentText() {
        fixture.given(STARTED, saved(1, 1, "first idea"), saved(1, 2, "their idea"))
                .when(new SaveStepResponse(SESSION_ID, PARTICIPANT, 1, "my idea", 2, 1L))
                .expectException(CommandExecutionException.class)
                .expectExceptionDetails(staleRevision(2, "their idea"))
                .expectNoEvents();
    }

    @Test
    void savingANeverSavedStepAgainstAnyOtherRevisionIsStale() {
        fixture.given(STARTED, saved(1, 1, "first idea"))
                .when(new SaveStepResponse(SESSION_ID, PARTICIPANT, 2, "my idea", null, 1L))
                .expectException(CommandExecutionException.class)
                .expectExceptionDetails(staleRevision(0, null))
                .expectNoEvents();
    }

    @Test
    void anotherParticipantCannotSaveIntoTheSession() {
        fixture.given(STARTED)
                .when(new SaveStepResponse(SESSION_ID, OTHER_PARTICIPANT, 1, "idea", null, null))
                .expectException(CommandExecutionException.class)
                .expectExceptionDetails(rejectedAs(Rejection.Reason.NOT_FOUND))
                .expectNoEvents();
    }

    @Test
    void cannotSaveIntoAClosedWorkshop() {
        directory.close(WORKSHOP_ID);
        fixture.given(STARTED, saved(1, 1, "first idea"))
                .when(new SaveStepResponse(SESSION_ID, PARTICIPANT, 1, "late idea", 2, null))
                .expectException(CommandExecutionException.class)
                .expectExceptionDetails(rejectedAs(Rejection.Reason.WORKSHOP_CLOSED))
                .expectNoEvents();
    }

    @Test
    void savingIntoAWorkshopTheDirectoryDoesNotKnowIsRefusedAsClosed() {
        directory.forget(WORKSHOP_ID);
        fixture.given(STARTED)
                .when(new SaveStepResponse(SESSION_ID, PARTICIPANT, 1, "idea", null, null))
                .expectException(CommandExecutionException.class)
                .expectExceptionDetails(rejectedAs(Rejection.Reason.WORKSHOP_CLOSED))
                .expectNoEvents();
    }

    @Test
    void appendingAChatMessageAnswersTheSessionVersion() {
        fixture.given(STARTED, saved(1, 1, "first idea"))
                .when(chat(MESSAGE_ID, PARTICIPANT, 1))
                .expectEventsMatching(reading(new ChatMessageAppended(SESSION_ID, MESSAGE_ID, 1, ChatRole.USER,
                        ProtectedText.plain("What next?"))))
                .expectResultMessagePayload(new ChatMessageReceipt(MESSAGE_ID, 3, false));
    }

    /** A client retrying after a lost answer gets the first answer again, not a later version. */
    @Test
    void appendingTheSameMessageAgainAppendsNothingAndAnswersTheFirstVersion() {
        fixture.given(STARTED, appended(MESSAGE_ID), saved(1, 1, "first idea"))
                .when(chat(MESSAGE_ID, PARTICIPANT, 1))
                .expectNoEvents()
                .expectResultMessagePayload(new ChatMessageReceipt(MESSAGE_ID, 2, true));
    }

    @Test
    void appendingTheSameMessageAfterTheWorkshopClosedStillAnswersTheFirstVersion() {
        directory.close(WORKSHOP_ID);
        fixture.given(STARTED, appended(MESSAGE_ID))
                .when(chat(MESSAGE_ID, PARTICIPANT, 1))
                .expectNoEvents()
                .expectResultMessagePayload(new ChatMessageReceipt(MESSAGE_ID, 2, true));
    }

    @Test
    void cannotChatInAClosedWorkshop() {
        directory.close(WORKSHOP_ID);
        fixture.given(STARTED)
                .when(chat(MESSAGE_ID, PARTICIPANT, 1))
                .expectException(CommandExecutionException.class)
                .expectExceptionDetails(rejectedAs(Rejection.Reason.WORKSHOP_CLOSED))
                .expectNoEvents();
    }

    @Test
    void anotherParticipantCannotChatInTheSession() {
        fixture.given(STARTED)
                .when(chat(MESSAGE_ID, OTHER_PARTICIPANT, 1))
                .expectException(CommandExecutionException.class)
                .expectExceptionDetails(rejectedAs(Rejection.Reason.NOT_FOUND))
                .expectNoEvents();
    }

    /** Replaying a known message id must not tell a stranger that the message exists. */
    @Test
    void anotherParticipantCannotReplayAnAppendedMessage() {
        fixture.given(STARTED, appended(MESSAGE_ID))
                .when(chat(MESSAGE_ID, OTHER_PARTICIPANT, 1))
                .expectException(CommandExecutionException.class)
                .expectExceptionDetails(rejectedAs(Rejection.Reason.NOT_FOUND))
                .expectNoEvents();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, STEP_COUNT + 1})
    void cannotChatAboutAStepOutsideTheWorkshop(int stepNumber) {
        fixture.given(STARTED)
                .when(chat(MESSAGE_ID, PARTICIPANT, stepNumber))
                .expectException(CommandExecutionException.class)
                .expectExceptionDetails(invalidField("stepNumber"))
                .expectNoEvents();
    }

    @Test
    void aStaleSaveTellsTheThreeTextsOfAMerge() {
        fixture.given(STARTED, saved(1, 1, "first idea"), saved(1, 2, "their idea"))
                .when(new SaveStepResponse(SESSION_ID, PARTICIPANT, 1, "my idea", null, 1L))
                .expectException(CommandExecutionException.class)
                .expectExceptionDetails(rejectedAs(Rejection.Reason.STALE_REVISION, Map.of("currentRevision", 2L,
                        "currentText", "their idea", "baseRevision", 1L, "baseText", "first idea",
                        "yourText", "my idea")))
                .expectNoEvents();
    }

    @Test
    void aStaleSaveOfANeverSavedStepHasAnEmptyBase() {
        fixture.given(STARTED, saved(1, 1, "their idea"))
                .when(new SaveStepResponse(SESSION_ID, PARTICIPANT, 1, "my idea", null, 0L))
                .expectException(CommandExecutionException.class)
                .expectExceptionDetails(rejectedAs(Rejection.Reason.STALE_REVISION, Map.of("currentRevision", 1L,
                        "currentText", "their idea", "baseRevision", 0L, "baseText", "", "yourText", "my idea")))
                .expectNoEvents();
    }

    @Test
    void undoMakesThePreviousTextCurrentAsANewRevision() {
        fixture.given(STARTED, saved(1, 1, "first idea"), saved(1, 2, "second idea"))
                .when(undo(1, null))
                .expectEventsMatching(reading(undone(1, 3, "first idea", 2, 1)))
                .expectResultMessagePayload(new SaveReceipt(SESSION_ID, 1, 3, 1, 4));
    }

    @Test
    void undoAfterManySavesReadsThePreviousTextBackFromItsEvent() {
        List<Object> history = new ArrayList<>(List.of(STARTED));
        for (int revision = 1; revision <= 300; revision++) {
            history.add(saved(1, revision, "text " + revision));
        }
        fixture.given(history)
                .when(undo(1, null))
                .expectEventsMatching(reading(undone(1, 301, "text 299", 300, 299)));
    }

    @Test
    void aRevisionMissingFromTheHistoryLeavesTheOthersWhereTheyAre() {
        fixture.given(STARTED, saved(1, 1, "one"), saved(1, 3, "three"))
                .when(undo(1, null))
                .expectEventsMatching(reading(undone(1, 4, "one", 3, 1)));
    }

    @Test
    void aSnapshotKeepsAStepsRevisionsAsArraysAndReadsBackAsItWas() throws Exception {
        WorkshopSession session = new WorkshopSession();
        session.on(STARTED, 0);
        session.on(saved(1, 1, "one"), 1);
        session.on(new CurrentStepChanged(SESSION_ID, 2), 2);
        session.on(saved(1, 2, "two"), 3);
        session.on(undone(1, 3, "one", 2, 1), 4);
        ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

        String snapshot = mapper.writeValueAsString(session);

        JsonNode step = mapper.readTree(snapshot).at("/steps/1");
        assertThat(step.get("sequenceNumbers")).hasToString("[1,3,4]");
        assertThat(step.get("undoable")).hasToString("[1]");
        assertThat(step.get("redoable")).hasToString("[2]");
        assertThat(mapper.writeValueAsString(mapper.readValue(snapshot, WorkshopSession.class))).isEqualTo(snapshot);
    }

    @Test
    void undoingAgainGoesFurtherBack() {
        fixture.given(STARTED, saved(1, 1, "one"), saved(1, 2, "two"), saved(1, 3, "three"),
                        undone(1, 4, "two", 3, 2))
                .when(undo(1, 4L))
                .expectEventsMatching(reading(undone(1, 5, "one", 2, 1)))
                .expectResultMessagePayload(new SaveReceipt(SESSION_ID, 1, 5, 1, 6));
    }

    @Test
    void undoingTheFirstTextIsRefused() {
        fixture.given(STARTED, saved(1, 1, "first idea"))
                .when(undo(1, null))
                .expectException(CommandExecutionException.class)
                .expectExceptionDetails(rejectedAs(Rejection.Reason.NOTHING_TO_REVERT))
                .expectNoEvents();
    }

    @Test
    void undoingAStepWithoutResponseIsRefused() {
        fixture.given(STARTED, saved(2, 1, "other step"))
                .when(undo(1, null))
                .expectException(CommandExecutionException.class)
                .expectExceptionDetails(rejectedAs(Rejection.Reason.NOTHING_TO_REVERT))
                .expectNoEvents();
    }

    @Test
    void undoAgainstAStaleRevisionTellsTheCurrentAndBaseTexts() {
        fixture.given(STARTED, saved(1, 1, "first idea"), saved(1, 2, "other tab's idea"))
                .when(undo(1, 1L))
                .expectException(CommandExecutionException.class)
                .expectExceptionDetails(rejectedAs(Rejection.Reason.STALE_REVISION, Map.of("currentRevision", 2L,
                        "currentText", "other tab's idea", "baseRevision", 1L, "baseText", "first idea")))
                .expectNoEvents();
    }

    @Test
    void redoAppliesAgainWhatTheLastUndoTookBack() {
        fixture.given(STARTED, saved(1, 1, "one"), saved(1, 2, "two"), saved(1, 3, "three"),
                        undone(1, 4, "two", 3, 2), undone(1, 5, "one", 2, 1))
                .when(redo(1, null))
                .expectEventsMatching(reading(redone(1, 6, "two", 2)))
                .expectResultMessagePayload(new SaveReceipt(SESSION_ID, 1, 6, 1, 7));
    }

    @Test
    void undoAfterARedoTakesTheRedoneTextBackAgain() {
        fixture.given(STARTED, saved(1, 1, "one"), saved(1, 2, "two"), undone(1, 3, "one", 2, 1),
                        redone(1, 4, "two", 2))
                .when(undo(1, null))
                .expectEventsMatching(reading(undone(1, 5, "one", 2, 1)));
    }

    @Test
    void redoWithNothingUndoneIsRefused() {
        fixture.given(STARTED, saved(1, 1, "one"), saved(1, 2, "two"))
                .when(redo(1, null))
                .expectException(CommandExecutionException.class)
                .expectExceptionDetails(rejectedAs(Rejection.Reason.NOTHING_TO_REVERT))
                .expectNoEvents();
    }

    @Test
    void aFreshSaveClearsWhatThereWasToRedo() {
        fixture.given(STARTED, saved(1, 1, "one"), saved(1, 2, "two"), undone(1, 3, "one", 2, 1),
                        saved(1, 4, "another two"))
                .when(redo(1, null))
                .expectException(CommandExecutionException.class)
                .expectExceptionDetails(rejectedAs(Rejection.Reason.NOTHING_TO_REVERT))
                .expectNoEvents();
    }

    @Test
    void erasingDestroysTheKeyAndRecordsIt() {
        keys.findOrCreate(SESSION_ID, PARTICIPANT);
        fixture.given(STARTED, saved(1, 1, "first idea"))
                .when(new EraseSession(SESSION_ID))
                .expectEvents(new SessionErased(SESSION_ID))
                .expectResultMessagePayload(3L);
        assertThat(keys.find(SESSION_ID)).isEmpty();
    }

    @Test
    void erasingAgainChangesNothing() {
        fixture.given(STARTED, new SessionErased(SESSION_ID))
                .when(new EraseSession(SESSION_ID))
                .expectNoEvents()
                .expectResultMessagePayload(2L);
    }

    @Test
    void anErasedSessionTakesNoMoreWrites() {
        fixture.given(STARTED, saved(1, 1, "first idea"), new SessionErased(SESSION_ID))
                .when(save(1, "new idea"))
                .expectException(CommandExecutionException.class)
                .expectExceptionDetails(rejectedAs(Rejection.Reason.ERASED))
                .expectNoEvents();
    }

    @Test
    void anErasedSessionCannotBeResumed() {
        fixture.given(STARTED, new SessionErased(SESSION_ID))
                .when(StartSession.forParticipant(WORKSHOP_ID, PARTICIPANT))
                .expectException(CommandExecutionException.class)
                .expectExceptionDetails(rejectedAs(Rejection.Reason.ERASED))
                .expectNoEvents();
    }

    private static SaveStepResponse save(int stepNumber, String text) {
        return new SaveStepResponse(SESSION_ID, PARTICIPANT, stepNumber, text, null, null);
    }

    private static StepResponseSaved saved(int stepNumber, long revision, String text) {
        return new StepResponseSaved(SESSION_ID, stepNumber, revision, ProtectedText.plain(text),
                StepResponseRevised.characterCount(text));
    }

    private static StepResponseUndone undone(int stepNumber, long revision, String text, long undone, long restored) {
        return new StepResponseUndone(SESSION_ID, stepNumber, revision, ProtectedText.plain(text),
                StepResponseRevised.characterCount(text), undone, restored);
    }

    private static StepResponseRedone redone(int stepNumber, long revision, String text, long redone) {
        return new StepResponseRedone(SESSION_ID, stepNumber, revision, ProtectedText.plain(text),
                StepResponseRevised.characterCount(text), redone);
    }

    /**
     * Matches the events applied against the expected ones written with plain texts: each applied text must
     * be sealed, and open to the expected text.
     */
    private Matcher<List<EventMessage<?>>> reading(Object... expected) {
        return new TypeSafeDiagnosingMatcher<>() {
            @Override
            protected boolean matchesSafely(List<EventMessage<?>> events, Description mismatch) {
                List<Object> read = events.stream().map(event -> opened(event.getPayload())).toList();
                if (!read.equals(List.of(expected))) {
                    mismatch.appendText("events read ").appendValue(read);
                    return false;
                }
                return true;
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("events reading ").appendValue(List.of(expected));
            }
        };
    }

    /** The payload with its text opened; a text that was not sealed reads as such, and matches nothing. */
    private Object opened(Object payload) {
        if (payload instanceof StepResponseSaved event) {
            return new StepResponseSaved(SESSION_ID, event.stepNumber(), event.revision(), opened(event.responseText()),
                    event.characterCount());
        }
        if (payload instanceof StepResponseUndone event) {
            return new StepResponseUndone(SESSION_ID, event.stepNumber(), event.revision(),
                    opened(event.responseText()), event.characterCount(), event.undoneRevision(),
                    event.restoredRevision());
        }
        if (payload instanceof StepResponseRedone event) {
            return new StepResponseRedone(SESSION_ID, event.stepNumber(), event.revision(),
                    opened(event.responseText()), event.characterCount(), event.redoneRevision());
        }
        if (payload instanceof ChatMessageAppended event) {
            return new ChatMessageAppended(SESSION_ID, event.messageId(), event.stepNumber(), event.role(),
                    opened(event.content()));
        }
        return payload;
    }

    private ProtectedText opened(ProtectedText text) {
        return text.sealed() == null ? ProtectedText.plain("NOT SEALED: " + text.plain())
                : ProtectedText.plain(texts.open(SESSION_ID, text).orElseThrow());
    }

    private static UndoStepResponse undo(int stepNumber, Long expectedRevision) {
        return new UndoStepResponse(SESSION_ID, PARTICIPANT, stepNumber, expectedRevision);
    }

    private static RedoStepResponse redo(int stepNumber, Long expectedRevision) {
        return new RedoStepResponse(SESSION_ID, PARTICIPANT, stepNumber, expectedRevision);
    }

    private static AppendChatMessage chat(UUID messageId, String participantId, int stepNumber) {
        return new AppendChatMessage(SESSION_ID, participantId, messageId, stepNumber, ChatRole.USER, "What next?");
    }

    private static ChatMessageAppended appended(UUID messageId) {
        return new ChatMessageAppended(SESSION_ID, messageId, 1, ChatRole.USER, ProtectedText.plain("What next?"));
    }

    /** Stands in for the workshop_directory table, which the workshop's events keep in step. */
    private static final class Directory implements WorkshopDirectory {

        private final Map<UUID, Entry> entries = new HashMap<>();

        void add(Entry entry) {
            entries.put(entry.workshopId(), entry);
        }

        void forget(UUID workshopId) {
            entries.remove(workshopId);
        }

        void close(UUID workshopId) {
            Entry entry = entries.get(workshopId);
            entries.put(workshopId, new Entry(workshopId, entry.stepCount(), true));
        }

        @Override
        public Optional<Entry> find(UUID workshopId) {
            return Optional.ofNullable(entries.get(workshopId));
        }
    }
}
