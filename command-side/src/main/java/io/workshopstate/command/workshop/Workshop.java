package io.workshopstate.command.workshop;

import io.workshopstate.rejection.Rejection;
import io.workshopstate.workshop.CloseWorkshop;
import io.workshopstate.workshop.CreateWorkshop;
import io.workshopstate.workshop.WorkshopClosed;
import io.workshopstate.workshop.WorkshopCreated;
import io.workshopstate.workshop.WorkshopStatus;
import io.workshopstate.workshop.WorkshopView;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Instant;
import java.util.UUID;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

@Aggregate
class Workshop {

    static final int MAX_TITLE_LENGTH = 200;
    static final int MAX_STEPS = 100;

    @AggregateIdentifier
    private UUID workshopId;
    private String title;
    private int stepCount;
    private String facilitatorId;
    private Instant createdAt;
    private boolean closed;

    // Required by Axon to rebuild the aggregate from its events.
    protected Workshop() {
    }

    @CommandHandler
    Workshop(CreateWorkshop command) {
        if (command.title() == null || command.title().isBlank() || command.title().length() > MAX_TITLE_LENGTH) {
            throw Rejection.invalidField("title", "must be 1 to " + MAX_TITLE_LENGTH + " characters").asCommandFailure();
        }
        if (command.stepCount() < 1 || command.stepCount() > MAX_STEPS) {
            throw Rejection.invalidField("stepCount", "must be between 1 and " + MAX_STEPS).asCommandFailure();
        }
        apply(new WorkshopCreated(command.workshopId(), command.title(), command.stepCount(),
                command.facilitatorId(), command.createdAt()));
    }

    @CommandHandler
    WorkshopView handle(CloseWorkshop command) {
        if (!facilitatorId.equals(command.requestedBy())) {
            throw Rejection.of(Rejection.Reason.FORBIDDEN, "Only the workshop's facilitator may close it")
                    .asCommandFailure();
        }
        if (!closed) {
            apply(new WorkshopClosed(workshopId, command.requestedBy()));
        }
        return new WorkshopView(workshopId, title, stepCount, WorkshopStatus.CLOSED.value(), facilitatorId, createdAt);
    }

    @EventSourcingHandler
    void on(WorkshopCreated event) {
        workshopId = event.workshopId();
        title = event.title();
        stepCount = event.stepCount();
        facilitatorId = event.facilitatorId();
        createdAt = event.createdAt();
    }

    @EventSourcingHandler
    void on(WorkshopClosed event) {
        closed = true;
    }
}
