package io.workshopstate.session;

import java.util.UUID;

/** The answer to {@link StartSession}; {@code resumed} tells that the session existed already. */
public record SessionReceipt(UUID sessionId, UUID workshopId, String participantId, int stepCount, int currentStep,
                             long version, boolean resumed) {
}
