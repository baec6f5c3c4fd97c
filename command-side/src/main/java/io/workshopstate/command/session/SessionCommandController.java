package io.workshopstate.command.session;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.workshopstate.identity.Caller;
import io.workshopstate.platform.openapi.ApiDescription;
import io.workshopstate.session.AppendChatMessage;
import io.workshopstate.session.ChatMessageReceipt;
import io.workshopstate.session.ChatRole;
import io.workshopstate.session.RedoStepResponse;
import io.workshopstate.session.SaveReceipt;
import io.workshopstate.session.SaveStepResponse;
import io.workshopstate.session.SessionReceipt;
import io.workshopstate.session.StartSession;
import io.workshopstate.session.UndoStepResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.util.UUID;

@RestController
@Tag(name = "sessions", description = "A participant's session: start or resume it, save responses, chat")
class SessionCommandController {

    static final int MAX_RESPONSE_LENGTH = 100_000;
    static final int MAX_CHAT_CONTENT_LENGTH = 32_000;

    private final CommandGateway commands;

    SessionCommandController(CommandGateway commands) {
        this.commands = commands;
    }

    record NewSession(@NotNull UUID workshopId) {
    }

    record StartedSession(UUID sessionId, UUID workshopId, String participantId, int stepCount, int currentStep,
                          long version) {
    }

    record StepSave(
            @NotNull UUID sessionId,
            @NotNull @Min(1) Integer stepNumber,
            @NotNull @Size(max = MAX_RESPONSE_LENGTH) String responseText,
            @Min(1) Integer currentStep,
            @Min(0) Long expectedRevision) {
    }

    record NewChatMessage(
            UUID messageId,
            @NotNull @Min(1) Integer stepNumber,
            @NotNull @Pattern(regexp = "user|assistant", message = "must be user or assistant") String role,
            @NotNull @Size(min = 1, max = MAX_CHAT_CONTENT_LENGTH) String content) {
    }

    record AppendedChatMessage(UUID messageId, long version) {
    }

    record Revert(@Min(0) Long expectedRevision) {
    }

    @Operation(summary = "Start a session in a workshop, or resume this participant's one there",
            description = "201 with a new session; 200 with the participant's existing session in that workshop.")
    @ApiResponse(responseCode = "403", ref = ApiDescription.FORBIDDEN)
    @ApiResponse(responseCode = "409", ref = ApiDescription.CONFLICT)
    @ApiResponse(responseCode = "410", ref = ApiDescription.GONE)
    @ApiResponse(responseCode = "201", description = "A new session", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "200", description = "The participant's existing session", useReturnTypeSchema = true)
    @PostMapping("/api/workshop/session/create")
    ResponseEntity<StartedSession> start(@Valid @RequestBody NewSession request, Caller caller) {
        SessionReceipt receipt = commands.sendAndWait(StartSession.forParticipant(request.workshopId(), caller.userId()));
        var body = new StartedSession(receipt.sessionId(), receipt.workshopId(), receipt.participantId(),
                receipt.stepCount(), receipt.currentStep(), receipt.version());
        return ResponseEntity.status(receipt.resumed() ? HttpStatus.OK : HttpStatus.CREATED).body(body);
    }

    @Operation(summary = "Save the response to a step, and optionally move to another step",
            description = "Text equal to the current one makes no new revision. With expectedRevision, a stale "
                    + "revision is refused with 409 and nothing is written.")
    @ApiResponse(responseCode = "403", ref = ApiDescription.FORBIDDEN)
    @ApiResponse(responseCode = "409", ref = ApiDescription.CONFLICT)
    @ApiResponse(responseCode = "410", ref = ApiDescription.GONE)
    @ApiResponse(responseCode = "200", description = "Saved (or unchanged)", useReturnTypeSchema = true)
    @PostMapping("/api/workshop/save")
    SaveReceipt save(@Valid @RequestBody StepSave request, Caller caller) {
        return commands.sendAndWait(new SaveStepResponse(request.sessionId(), caller.userId(), request.stepNumber(),
                request.responseText(), request.currentStep(), request.expectedRevision()));
    }

    @Operation(summary = "Undo the last change of a step's response",
            description = "Makes the text before the current one current again, as a new revision that records "
                    + "which revision it undid. 409 when there is nothing to undo (the step's first text), or, with "
                    + "expectedRevision, when the step has moved on.")
    @ApiResponse(responseCode = "403", ref = ApiDescription.FORBIDDEN)
    @ApiResponse(responseCode = "409", ref = ApiDescription.CONFLICT)
    @ApiResponse(responseCode = "410", ref = ApiDescription.GONE)
    @ApiResponse(responseCode = "200", description = "Undone", useReturnTypeSchema = true)
    @PostMapping("/api/sessions/{sessionId}/steps/{stepNumber}/undo")
    SaveReceipt undo(@PathVariable UUID sessionId, @PathVariable int stepNumber,
                     @Valid @RequestBody(required = false) Revert request, Caller caller) {
        return commands.sendAndWait(new UndoStepResponse(sessionId, caller.userId(), stepNumber,
                request == null ? null : request.expectedRevision()));
    }

    @Operation(summary = "Redo what the last undo of a step took back",
            description = "A save since the last undo clears what there is to redo. 409 when there is nothing to "
                    + "redo, or, with expectedRevision, when the step has moved on.")
    @ApiResponse(responseCode = "403", ref = ApiDescription.FORBIDDEN)
    @ApiResponse(responseCode = "409", ref = ApiDescription.CONFLICT)
    @ApiResponse(responseCode = "410", ref = ApiDescription.GONE)
    @ApiResponse(responseCode = "200", description = "Redone", useReturnTypeSchema = true)
    @PostMapping("/api/sessions/{sessionId}/steps/{stepNumber}/redo")
    SaveReceipt redo(@PathVariable UUID sessionId, @PathVariable int stepNumber,
                     @Valid @RequestBody(required = false) Revert request, Caller caller) {
        return commands.sendAndWait(new RedoStepResponse(sessionId, caller.userId(), stepNumber,
                request == null ? null : request.expectedRevision()));
    }

    @Operation(summary = "Append a chat message to a session",
            description = "The same messageId again answers 200 with the first answer and appends nothing.")
    @ApiResponse(responseCode = "403", ref = ApiDescription.FORBIDDEN)
    @ApiResponse(responseCode = "409", ref = ApiDescription.CONFLICT)
    @ApiResponse(responseCode = "410", ref = ApiDescription.GONE)
    @ApiResponse(responseCode = "201", description = "Appended", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "200", description = "Already appended with this messageId", useReturnTypeSchema = true)
    @PostMapping("/api/sessions/{sessionId}/chat-messages")
    ResponseEntity<AppendedChatMessage> appendChatMessage(@PathVariable UUID sessionId,
                                                          @Valid @RequestBody NewChatMessage request, Caller caller) {
        UUID messageId = request.messageId() == null ? UUID.randomUUID() : request.messageId();
        ChatRole role = ChatRole.fromValue(request.role()).orElseThrow();
        ChatMessageReceipt receipt = commands.sendAndWait(new AppendChatMessage(sessionId, caller.userId(), messageId,
                request.stepNumber(), role, request.content()));
        return ResponseEntity.status(receipt.duplicate() ? HttpStatus.OK : HttpStatus.CREATED)
                .body(new AppendedChatMessage(receipt.messageId(), receipt.version()));
    }
}
