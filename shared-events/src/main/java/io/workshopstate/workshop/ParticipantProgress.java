package io.workshopstate.workshop;

import java.time.Instant;
import java.util.UUID;

public record ParticipantProgress(UUID sessionId, String participantId, int currentStep, int answeredSteps,
                                  Instant startedAt, Instant updatedAt) {
}
