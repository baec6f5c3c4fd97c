package io.workshopstate.query.workshop;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.workshopstate.identity.Caller;
import io.workshopstate.platform.openapi.ApiDescription;
import io.workshopstate.rejection.Rejection;
import io.workshopstate.workshop.FindWorkshop;
import io.workshopstate.workshop.FindWorkshopProgress;
import io.workshopstate.workshop.ParticipantProgress;
import io.workshopstate.workshop.WorkshopView;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.util.List;
import java.util.UUID;

@RestController
@Tag(name = "workshops")
class WorkshopQueryController {

    private final QueryGateway queries;
    private final ProgressStreams progressStreams;

    WorkshopQueryController(QueryGateway queries, ProgressStreams progressStreams) {
        this.queries = queries;
        this.progressStreams = progressStreams;
    }

    @Operation(summary = "A workshop (any signed-in user)")
    @GetMapping("/api/workshops/{workshopId}")
    WorkshopView workshop(@PathVariable UUID workshopId) {
        return queries.query(new FindWorkshop(workshopId), WorkshopView.class).join();
    }

    @Operation(summary = "Every participant's progress in a workshop (its facilitator, admins)",
            description = "answeredSteps counts the steps whose current text is not empty.")
    @ApiResponse(responseCode = "403", ref = ApiDescription.FORBIDDEN)
    @ApiResponse(responseCode = "200", description = "OK", useReturnTypeSchema = true)
    @GetMapping("/api/workshops/{workshopId}/sessions")
    List<ParticipantProgress> progress(@PathVariable UUID workshopId, Caller caller) {
        requireFacilitatorOrAdmin(workshopId, caller);
        return queries.query(new FindWorkshopProgress(workshopId, true),
                ResponseTypes.multipleInstancesOf(ParticipantProgress.class)).join();
    }

    /**
     * The same answer as the sessions list, pushed again each time it changes. A browser's EventSource
     * cannot send the bearer token, so the facilitator page reads this stream with fetch().
     */
    @Operation(summary = "Live progress of a workshop, as Server-Sent Events (its facilitator, admins)",
            description = "A `progress` event with the workshop and every participant's progress (as the sessions "
                    + "list) at once, and again whenever it changes; a comment line every 15 s keeps the "
                    + "connection open. The stream ends after 15 minutes; reconnect to go on.")
    @ApiResponse(responseCode = "403", ref = ApiDescription.FORBIDDEN)
    @ApiResponse(responseCode = "200", description = "An endless stream of `progress` events",
            content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE, schema = @Schema(type = "string")))
    @GetMapping(path = "/api/workshops/{workshopId}/progress/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter progressStream(@PathVariable UUID workshopId, Caller caller) {
        requireFacilitatorOrAdmin(workshopId, caller);
        return progressStreams.watch(workshopId);
    }

    private void requireFacilitatorOrAdmin(UUID workshopId, Caller caller) {
        WorkshopView workshop = workshop(workshopId);
        if (!caller.isAdmin() && !workshop.facilitatorId().equals(caller.userId())) {
            throw Rejection.of(Rejection.Reason.FORBIDDEN, "Only the workshop's facilitator may see its sessions")
                    .asQueryFailure();
        }
    }
}
