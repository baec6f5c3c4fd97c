package io.workshopstate.session;

import java.util.UUID;

public record CurrentStepChanged(UUID sessionId, int currentStep) implements SessionEvent {
}
