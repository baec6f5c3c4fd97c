package io.workshopstate.command.session;

import io.workshopstate.command.workshop.WorkshopDirectory;
import io.workshopstate.rejection.Rejection;
import io.workshopstate.session.AppendChatMessage;
import io.workshopstate.session.ChatMessageAppended;
import io.workshopstate.session.ChatMessageReceipt;
import io.workshopstate.session.ChatRole;
import io.workshopstate.session.CurrentStepChanged;
import io.workshopstate.session.SaveReceipt;
import io.workshopstate.session.SaveStepResponse;
import io.workshopstate.session.SessionReceipt;
import io.workshopstate.session.SessionStarted;
import io.workshopstate.session.StartSession;
import io.workshopstate.session.StepResponseSaved;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static io.workshopstate.command.RejectionMatchers.invalidField;
import static io.workshopstate.command.RejectionMatchers.rejectedAs;
import static io.workshopstate.command.RejectionMatchers.staleRevision;

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

    @BeforeEach
    void setUp() {
        directory = new Directory();
        directory.add(new WorkshopDirectory.Entry(WORKSHOP_ID, STEP_COUNT, false));
        fixture = new AggregateTestFixture<>(WorkshopSession.class);
        fixture.registerInjectableResource(directory);
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
                .expectEvents(saved(1, 1, "first idea"))
                .expectResultMessagePayload(new SaveReceipt(SESSION_ID, 1, 1, 1, 2));
    }

    @Test
    void savingChangedTextMakesTheNextRevision() {
        fixture.given(STARTED, saved(1, 1, "first idea"))
                .when(save(1, "better idea"))
                .expectEvents(saved(1, 2, "better idea"))
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
                .expectEvents(saved(1, 1, "first idea"), new CurrentStepChanged(SESSION_ID, 2))
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
                .expectEvents(saved(1, 2, "better idea"))
                .expectResultMessagePayload(new SaveReceipt(SESSION_ID, 1, 2, 1, 3));
    }

    @Test
    void savingANeverSavedStepAgainstRevisionZeroSaves() {
        fixture.given(STARTED)
                .when(new SaveStepResponse(SESSION_ID, PARTICIPANT, 1, "first idea", null, 0L))
                .expectEvents(saved(1, 1, "first idea"))
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
                .expectEvents(new ChatMessageAppended(SESSION_ID, MESSAGE_ID, 1, ChatRole.USER, "What next?"))
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

    private static SaveStepResponse save(int stepNumber, String text) {
        return new SaveStepResponse(SESSION_ID, PARTICIPANT, stepNumber, text, null, null);
    }

    private static StepResponseSaved saved(int stepNumber, long revision, String text) {
        return StepResponseSaved.of(SESSION_ID, stepNumber, revision, text);
    }

    private static AppendChatMessage chat(UUID messageId, String participantId, int stepNumber) {
        return new AppendChatMessage(SESSION_ID, participantId, messageId, stepNumber, ChatRole.USER, "What next?");
    }

    private static ChatMessageAppended appended(UUID messageId) {
        return new ChatMessageAppended(SESSION_ID, messageId, 1, ChatRole.USER, "What next?");
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
