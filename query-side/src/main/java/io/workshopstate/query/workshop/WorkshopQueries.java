package io.workshopstate.query.workshop;

import io.workshopstate.query.freshness.ProjectionFreshness;
import io.workshopstate.rejection.Rejection;
import io.workshopstate.workshop.FindWorkshop;
import io.workshopstate.workshop.WorkshopView;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

@Component
class WorkshopQueries {

    private final WorkshopRows workshops;
    private final EventStore eventStore;
    private final ProjectionFreshness freshness;

    WorkshopQueries(WorkshopRows workshops, EventStore eventStore, ProjectionFreshness freshness) {
        this.workshops = workshops;
        this.eventStore = eventStore;
        this.freshness = freshness;
    }

    /** Answers with every change committed before the query arrived, so a workshop is readable once created. */
    @QueryHandler
    WorkshopView handle(FindWorkshop query) {
        long head = eventStore.lastSequenceNumberFor(query.workshopId().toString())
                .map(sequenceNumber -> sequenceNumber + 1)
                .orElseThrow(() -> Rejection.of(Rejection.Reason.NOT_FOUND, "No such workshop").asQueryFailure());
        if (!freshness.awaitVersion(() -> workshops.findVersion(query.workshopId()).orElse(0L), head)) {
            throw Rejection.of(Rejection.Reason.PROJECTION_BEHIND, "The workshop is not readable yet; retry shortly")
                    .asQueryFailure();
        }
        return workshops.findById(query.workshopId()).map(WorkshopRow::toView).orElseThrow();
    }
}
