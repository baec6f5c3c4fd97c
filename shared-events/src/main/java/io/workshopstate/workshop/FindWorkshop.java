package io.workshopstate.workshop;

import java.util.UUID;

public record FindWorkshop(UUID workshopId) {
}
