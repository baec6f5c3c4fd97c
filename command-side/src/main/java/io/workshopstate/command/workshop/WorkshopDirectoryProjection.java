package io.workshopstate.command.workshop;

import io.workshopstate.workshop.WorkshopClosed;
import io.workshopstate.workshop.WorkshopCreated;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

import java.util.Optional;
import java.util.UUID;

/**
 * Runs in a subscribing processor, inside the transaction that appends the workshop's event, so a
 * save that arrives after "close" was answered always finds the workshop closed.
 */
@Component
@ProcessingGroup(WorkshopDirectoryProjection.PROCESSING_GROUP)
class WorkshopDirectoryProjection implements WorkshopDirectory {

    static final String PROCESSING_GROUP = "workshop-directory";

    private final KnownWorkshopRepository workshops;

    WorkshopDirectoryProjection(KnownWorkshopRepository workshops) {
        this.workshops = workshops;
    }

    @EventHandler
    void on(WorkshopCreated event) {
        if (!workshops.existsById(event.workshopId())) {
            workshops.save(new KnownWorkshop(event.workshopId(), event.stepCount()));
        }
    }

    @EventHandler
    void on(WorkshopClosed event) {
        workshops.findById(event.workshopId()).ifPresent(KnownWorkshop::close);
    }

    @Override
    public Optional<Entry> find(UUID workshopId) {
        return workshops.findById(workshopId).map(KnownWorkshop::toEntry);
    }
}
