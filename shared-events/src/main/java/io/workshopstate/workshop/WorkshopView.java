package io.workshopstate.workshop;

import java.time.Instant;
import java.util.UUID;

public record WorkshopView(UUID workshopId, String title, int stepCount, String status, String facilitatorId,
                           Instant createdAt) {
}
