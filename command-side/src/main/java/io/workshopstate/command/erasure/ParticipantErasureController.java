package io.workshopstate.command.erasure;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.workshopstate.platform.openapi.ApiDescription;
import io.workshopstate.platform.privacy.SessionKeys;
import io.workshopstate.rejection.Rejection;
import io.workshopstate.session.EraseSession;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.UUID;

@RestController
@Tag(name = "participants", description = "A participant's right to be forgotten")
class ParticipantErasureController {

    private final CommandGateway commands;
    private final SessionKeys keys;

    ParticipantErasureController(CommandGateway commands, SessionKeys keys) {
        this.commands = commands;
        this.keys = keys;
    }

    record Erasure(String participantId, List<UUID> erasedSessions) {
    }

    @Operation(summary = "Erase a participant: their texts and chat become unreadable everywhere",
            description = "Destroys the key of each of the participant's sessions. The events stay, in order, "
                    + "for everyone else; every read, history, audit stream, replay and rebuild shows the "
                    + "participant's texts and chat content as empty from then on, and their sessions take no more "
                    + "writes (410). Erasing again answers the same. 404 for a participant without sessions.")
    @ApiResponse(responseCode = "403", ref = ApiDescription.FORBIDDEN)
    @ApiResponse(responseCode = "200", description = "Erased", useReturnTypeSchema = true)
    @DeleteMapping("/api/participants/{participantId}")
    Erasure erase(@PathVariable String participantId) {
        List<UUID> sessions = keys.sessionsOf(participantId);
        if (sessions.isEmpty()) {
            throw Rejection.of(Rejection.Reason.NOT_FOUND, "No sessions of this participant").asCommandFailure();
        }
        sessions.forEach(sessionId -> commands.sendAndWait(new EraseSession(sessionId)));
        return new Erasure(participantId, sessions);
    }
}
