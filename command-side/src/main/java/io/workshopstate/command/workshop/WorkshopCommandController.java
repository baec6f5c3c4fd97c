package io.workshopstate.command.workshop;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.workshopstate.identity.Caller;
import io.workshopstate.platform.openapi.ApiDescription;
import io.workshopstate.workshop.CloseWorkshop;
import io.workshopstate.workshop.CreateWorkshop;
import io.workshopstate.workshop.WorkshopStatus;
import io.workshopstate.workshop.WorkshopView;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

@RestController
@Tag(name = "workshops", description = "Workshops, run by facilitators")
class WorkshopCommandController {

    private final CommandGateway commands;
    private final Clock clock;

    WorkshopCommandController(CommandGateway commands, Clock clock) {
        this.commands = commands;
        this.clock = clock;
    }

    record NewWorkshop(
            @NotBlank @Size(max = Workshop.MAX_TITLE_LENGTH) String title,
            @NotNull @Min(1) @Max(Workshop.MAX_STEPS) Integer stepCount) {
    }

    /** Stored to the microsecond, as PostgreSQL keeps it, so this answer and later reads agree. */
    @Operation(summary = "Create a workshop (facilitators)")
    @ApiResponse(responseCode = "403", ref = ApiDescription.FORBIDDEN)
    @ApiResponse(responseCode = "201", description = "Created", useReturnTypeSchema = true)
    @PostMapping("/api/workshops")
    @ResponseStatus(HttpStatus.CREATED)
    WorkshopView create(@Valid @RequestBody NewWorkshop request, Caller caller) {
        var command = new CreateWorkshop(UUID.randomUUID(), request.title(), request.stepCount(), caller.userId(),
                clock.instant().truncatedTo(ChronoUnit.MICROS));
        commands.sendAndWait(command);
        return new WorkshopView(command.workshopId(), command.title(), command.stepCount(),
                WorkshopStatus.ACTIVE.value(), command.facilitatorId(), command.createdAt());
    }

    @Operation(summary = "Close a workshop (its facilitator)",
            description = "Afterwards new sessions and saves in it are answered 409.")
    @ApiResponse(responseCode = "403", ref = ApiDescription.FORBIDDEN)
    @ApiResponse(responseCode = "200", description = "Closed", useReturnTypeSchema = true)
    @PostMapping("/api/workshops/{workshopId}/close")
    WorkshopView close(@PathVariable UUID workshopId, Caller caller) {
        return commands.sendAndWait(new CloseWorkshop(workshopId, caller.userId()));
    }
}
