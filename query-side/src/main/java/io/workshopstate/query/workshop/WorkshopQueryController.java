package io.workshopstate.query.workshop;

import io.workshopstate.identity.Caller;
import io.workshopstate.rejection.Rejection;
import io.workshopstate.workshop.FindWorkshop;
import io.workshopstate.workshop.FindWorkshopProgress;
import io.workshopstate.workshop.ParticipantProgress;
import io.workshopstate.workshop.WorkshopView;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.UUID;

@RestController
class WorkshopQueryController {

    private final QueryGateway queries;

    WorkshopQueryController(QueryGateway queries) {
        this.queries = queries;
    }

    @GetMapping("/api/workshops/{workshopId}")
    WorkshopView workshop(@PathVariable UUID workshopId) {
        return queries.query(new FindWorkshop(workshopId), WorkshopView.class).join();
    }

    @GetMapping("/api/workshops/{workshopId}/sessions")
    List<ParticipantProgress> progress(@PathVariable UUID workshopId, Caller caller) {
        WorkshopView workshop = workshop(workshopId);
        if (!caller.isAdmin() && !workshop.facilitatorId().equals(caller.userId())) {
            throw Rejection.of(Rejection.Reason.FORBIDDEN, "Only the workshop's facilitator may see its sessions")
                    .asQueryFailure();
        }
        return queries.query(new FindWorkshopProgress(workshopId),
                ResponseTypes.multipleInstancesOf(ParticipantProgress.class)).join();
    }
}
