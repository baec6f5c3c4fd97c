package io.workshopstate.query.projection;

import io.workshopstate.session.SessionEvent;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.async.SequencingPolicy;

/**
 * Handles a workshop's events and all its sessions' events in order, in one segment: a session's
 * rows refer to its workshop's row, which must therefore be written first. Different workshops are
 * projected in parallel.
 */
class WorkshopSequencingPolicy implements SequencingPolicy<EventMessage<?>> {

    @Override
    public Object getSequenceIdentifierFor(EventMessage<?> event) {
        Object workshopId = event.getMetaData().get(SessionEvent.WORKSHOP_ID_METADATA);
        if (workshopId != null) {
            return workshopId;
        }
        if (event instanceof DomainEventMessage<?> domainEvent) {
            return domainEvent.getAggregateIdentifier();
        }
        return event.getIdentifier();
    }
}
