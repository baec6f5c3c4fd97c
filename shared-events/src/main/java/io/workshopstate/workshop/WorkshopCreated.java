package io.workshopstate.workshop;

import java.time.Instant;
import java.util.UUID;

public record WorkshopCreated(UUID workshopId, String title, int stepCount, String facilitatorId, Instant createdAt)
        implements WorkshopEvent {
}
