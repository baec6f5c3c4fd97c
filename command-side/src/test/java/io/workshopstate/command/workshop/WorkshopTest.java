package io.workshopstate.command.workshop;

import io.workshopstate.rejection.Rejection;
import io.workshopstate.workshop.CloseWorkshop;
import io.workshopstate.workshop.CreateWorkshop;
import io.workshopstate.workshop.WorkshopClosed;
import io.workshopstate.workshop.WorkshopCreated;
import io.workshopstate.workshop.WorkshopView;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.UUID;

import static io.workshopstate.command.RejectionMatchers.invalidField;
import static io.workshopstate.command.RejectionMatchers.rejectedAs;

class WorkshopTest {

    private static final UUID WORKSHOP_ID = UUID.randomUUID();
    private static final String FACILITATOR = "facilitator-1";
    private static final Instant CREATED_AT = Instant.parse("2025-03-01T09:00:00Z");
    private static final WorkshopCreated CREATED =
            new WorkshopCreated(WORKSHOP_ID, "Design sprint", 5, FACILITATOR, CREATED_AT);

    private FixtureConfiguration<Workshop> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Workshop.class);
    }

    @Test
    void creatingAWorkshopRecordsItAsGiven() {
        fixture.givenNoPriorActivity()
                .when(new CreateWorkshop(WORKSHOP_ID, "Design sprint", 5, FACILITATOR, CREATED_AT))
                .expectSuccessfulHandlerExecution()
                .expectEvents(CREATED);
    }

    @Test
    void titleOfTwoHundredCharactersIsAccepted() {
        String longestTitle = "t".repeat(Workshop.MAX_TITLE_LENGTH);
        fixture.givenNoPriorActivity()
                .when(new CreateWorkshop(WORKSHOP_ID, longestTitle, 5, FACILITATOR, CREATED_AT))
                .expectEvents(new WorkshopCreated(WORKSHOP_ID, longestTitle, 5, FACILITATOR, CREATED_AT));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, Workshop.MAX_STEPS})
    void stepCountsAtTheBoundsAreAccepted(int stepCount) {
        fixture.givenNoPriorActivity()
                .when(new CreateWorkshop(WORKSHOP_ID, "Design sprint", stepCount, FACILITATOR, CREATED_AT))
                .expectEvents(new WorkshopCreated(WORKSHOP_ID, "Design sprint", stepCount, FACILITATOR, CREATED_AT));
    }

    @Test
    void cannotCreateWorkshopWithBlankTitle() {
        fixture.givenNoPriorActivity()
                .when(new CreateWorkshop(WORKSHOP_ID, "   ", 5, FACILITATOR, CREATED_AT))
                .expectException(CommandExecutionException.class)
                .expectExceptionDetails(invalidField("title"))
                .expectNoEvents();
    }

    @Test
    void cannotCreateWorkshopWithoutTitle() {
        fixture.givenNoPriorActivity()
                .when(new CreateWorkshop(WORKSHOP_ID, null, 5, FACILITATOR, CREATED_AT))
                .expectException(CommandExecutionException.class)
                .expectExceptionDetails(invalidField("title"))
                .expectNoEvents();
    }

    @Test
    void cannotCreateWorkshopWithTitleOverTwoHundredCharacters() {
        fixture.givenNoPriorActivity()
                .when(new CreateWorkshop(WORKSHOP_ID, "t".repeat(Workshop.MAX_TITLE_LENGTH + 1), 5, FACILITATOR,
                        CREATED_AT))
                .expectException(CommandExecutionException.class)
                .expectExceptionDetails(invalidField("title"))
                .expectNoEvents();
    }

    @Test
    void cannotCreateWorkshopWithoutSteps() {
        fixture.givenNoPriorActivity()
                .when(new CreateWorkshop(WORKSHOP_ID, "Design sprint", 0, FACILITATOR, CREATED_AT))
                .expectException(CommandExecutionException.class)
                .expectExceptionDetails(invalidField("stepCount"))
                .expectNoEvents();
    }

    @Test
    void cannotCreateWorkshopWithMoreThanHundredSteps() {
        fixture.givenNoPriorActivity()
                .when(new CreateWorkshop(WORKSHOP_ID, "Design sprint", Workshop.MAX_STEPS + 1, FACILITATOR,
                        CREATED_AT))
                .expectException(CommandExecutionException.class)
                .expectExceptionDetails(invalidField("stepCount"))
                .expectNoEvents();
    }

    @Test
    void facilitatorClosesTheirWorkshop() {
        fixture.given(CREATED)
                .when(new CloseWorkshop(WORKSHOP_ID, FACILITATOR))
                .expectEvents(new WorkshopClosed(WORKSHOP_ID, FACILITATOR))
                .expectResultMessagePayload(closedView());
    }

    @Test
    void anotherUserCannotCloseTheWorkshop() {
        fixture.given(CREATED)
                .when(new CloseWorkshop(WORKSHOP_ID, "facilitator-2"))
                .expectException(CommandExecutionException.class)
                .expectExceptionDetails(rejectedAs(Rejection.Reason.FORBIDDEN))
                .expectNoEvents();
    }

    /** A retried "close" must not fail the client nor record the closing twice. */
    @Test
    void closingAClosedWorkshopRecordsNothingAndStillAnswersClosed() {
        fixture.given(CREATED, new WorkshopClosed(WORKSHOP_ID, FACILITATOR))
                .when(new CloseWorkshop(WORKSHOP_ID, FACILITATOR))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(closedView());
    }

    private static WorkshopView closedView() {
        return new WorkshopView(WORKSHOP_ID, "Design sprint", 5, "closed", FACILITATOR, CREATED_AT);
    }
}
