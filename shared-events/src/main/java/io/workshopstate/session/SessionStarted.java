package io.workshopstate.session;

import java.util.UUID;

public record SessionStarted(UUID sessionId, UUID workshopId, String participantId, int stepCount)
        implements SessionEvent {
}
