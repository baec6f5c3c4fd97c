package io.workshopstate.session;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

public record SessionView(UUID sessionId, UUID workshopId, String participantId, int stepCount, String workshopStatus,
                          int currentStep, Instant startedAt, Instant updatedAt, long version,
                          List<StepResponseView> responses, List<ChatMessageView> chatMessages) {

    public record StepResponseView(int stepNumber, String responseText, int characterCount, long revision,
                                   Instant updatedAt) {
    }

    public record ChatMessageView(UUID messageId, int stepNumber, String role, String content, Instant timestamp) {
    }
}
