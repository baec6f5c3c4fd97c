package io.workshopstate.session;

import java.time.Instant;
import java.util.UUID;

public record ParticipantSession(UUID sessionId, UUID workshopId, int currentStep, Instant updatedAt) {
}
