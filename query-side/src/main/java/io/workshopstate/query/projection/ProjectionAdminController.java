package io.workshopstate.query.projection;

import io.workshopstate.rejection.Rejection;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

@RestController
class ProjectionAdminController {

    private final ProjectionRebuild rebuild;
    private final ProjectionStatus status;

    ProjectionAdminController(ProjectionRebuild rebuild, ProjectionStatus status) {
        this.rebuild = rebuild;
        this.status = status;
    }

    @GetMapping("/api/admin/projections")
    List<ProjectionStatus.View> projections() {
        return List.of(status.of(WorkshopViews.PROCESSING_GROUP, rebuild.isRunning()));
    }

    /** Starts building the projection anew beside the live one; poll GET /api/admin/projections for progress. */
    @PostMapping("/api/admin/projections/{name}/rebuild")
    @ResponseStatus(HttpStatus.ACCEPTED)
    ProjectionStatus.View rebuild(@PathVariable String name) {
        if (!WorkshopViews.PROCESSING_GROUP.equals(name)) {
            throw Rejection.of(Rejection.Reason.NOT_FOUND, "No projection named " + name).asQueryFailure();
        }
        if ("rebuilding".equals(status.of(name, rebuild.isRunning()).state()) || !rebuild.start()) {
            throw Rejection.of(Rejection.Reason.REBUILD_IN_PROGRESS, "A rebuild of " + name + " is already running")
                    .asQueryFailure();
        }
        return status.of(name, true);
    }
}
