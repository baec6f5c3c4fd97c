package io.workshopstate.query.projection;

import io.workshopstate.session.SessionEvent;
import io.workshopstate.workshop.WorkshopEvent;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.async.SequencingPolicy;

/**
 * Handles a workshop's events and all its sessions' events in order, in one segment: a session's
 * rows refer to its workshop's row, which must therefore be written first. Different workshops are
 * projected in parallel.
 */
class WorkshopSequencingPolicy implements SequencingPolicy<EventMessage<?>> {

    /**
     * Session events stored before they carried their workshop's id cannot be placed by workshop;
     * keeping them all in one sequence projects them in the order they were stored.
     */
    static final String UNPLACED_SESSION_EVENTS = "session-events-without-workshop";

    @Override
    public Object getSequenceIdentifierFor(EventMessage<?> event) {
        Object workshopId = event.getMetaData().get(SessionEvent.WORKSHOP_ID_METADATA);
        if (workshopId != null) {
            return workshopId;
        }
        if (event.getPayload() instanceof WorkshopEvent workshopEvent) {
            return workshopEvent.workshopId().toString();
        }
        return UNPLACED_SESSION_EVENTS;
    }
}
