package io.workshopstate.workshop;

import java.util.UUID;

public record WorkshopClosed(UUID workshopId, String closedBy) implements WorkshopEvent {
}
