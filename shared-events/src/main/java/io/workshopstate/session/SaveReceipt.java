package io.workshopstate.session;

import java.util.UUID;

public record SaveReceipt(UUID sessionId, int stepNumber, long revision, int currentStep, long version) {
}
