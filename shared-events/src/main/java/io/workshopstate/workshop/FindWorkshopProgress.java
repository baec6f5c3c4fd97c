package io.workshopstate.workshop;

import java.util.UUID;

public record FindWorkshopProgress(UUID workshopId) {
}
