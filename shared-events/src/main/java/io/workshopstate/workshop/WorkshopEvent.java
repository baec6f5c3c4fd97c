package io.workshopstate.workshop;

import java.util.UUID;

public sealed interface WorkshopEvent permits WorkshopCreated, WorkshopClosed {

    UUID workshopId();
}
