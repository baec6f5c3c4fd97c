package io.workshopstate.command.session;

import io.workshopstate.identity.Caller;
import io.workshopstate.session.AppendChatMessage;
import io.workshopstate.session.ChatMessageReceipt;
import io.workshopstate.session.ChatRole;
import io.workshopstate.session.SaveReceipt;
import io.workshopstate.session.SaveStepResponse;
import io.workshopstate.session.SessionReceipt;
import io.workshopstate.session.StartSession;
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

    @PostMapping("/api/workshop/session/create")
    ResponseEntity<StartedSession> start(@Valid @RequestBody NewSession request, Caller caller) {
        SessionReceipt receipt = commands.sendAndWait(StartSession.forParticipant(request.workshopId(), caller.userId()));
        var body = new StartedSession(receipt.sessionId(), receipt.workshopId(), receipt.participantId(),
                receipt.stepCount(), receipt.currentStep(), receipt.version());
        return ResponseEntity.status(receipt.resumed() ? HttpStatus.OK : HttpStatus.CREATED).body(body);
    }

    @PostMapping("/api/workshop/save")
    SaveReceipt save(@Valid @RequestBody StepSave request, Caller caller) {
        return commands.sendAndWait(new SaveStepResponse(request.sessionId(), caller.userId(), request.stepNumber(),
                request.responseText(), request.currentStep(), request.expectedRevision()));
    }

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
