package io.workshopstate.query.session;

import io.workshopstate.identity.Caller;
import io.workshopstate.query.freshness.ProjectionFreshness;
import io.workshopstate.query.workshop.WorkshopRow;
import io.workshopstate.query.workshop.WorkshopRows;
import io.workshopstate.rejection.Rejection;
import io.workshopstate.session.SessionStarted;
import io.workshopstate.workshop.WorkshopCreated;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

import java.util.Optional;
import java.util.UUID;

/**
 * The gate in front of every read of a session: it answers "not found" alike for a session that does
 * not exist and for one the caller may not see, and waits until the projection holds every event
 * committed before the read began (or the version the client asked for).
 */
@Component
class SessionAccess {

    private final SessionRows sessions;
    private final WorkshopRows workshops;
    private final EventStore eventStore;
    private final ProjectionFreshness freshness;

    SessionAccess(SessionRows sessions, WorkshopRows workshops, EventStore eventStore, ProjectionFreshness freshness) {
        this.sessions = sessions;
        this.workshops = workshops;
        this.eventStore = eventStore;
        this.freshness = freshness;
    }

    SessionRow awaitReadable(UUID sessionId, Caller caller, long minVersion) {
        long committedVersion = eventStore.lastSequenceNumberFor(sessionId.toString())
                .map(sequenceNumber -> sequenceNumber + 1)
                .orElseThrow(SessionAccess::notFound);
        boolean readable = sessions.findById(sessionId)
                .map(row -> mayRead(row.participantId(), row.workshopId(), caller))
                .orElseGet(() -> mayReadAsStarted(sessionId, caller));
        if (!readable) {
            throw notFound();
        }
        long target = Math.max(committedVersion, minVersion);
        if (!freshness.awaitVersion(() -> sessions.findVersion(sessionId).orElse(0L), target)) {
            throw Rejection.of(Rejection.Reason.PROJECTION_BEHIND,
                    "The session has not reached version " + target + " yet; retry shortly").asQueryFailure();
        }
        return sessions.findById(sessionId).orElseThrow(SessionAccess::notFound);
    }

    /** The session document shows its workshop's status, so it waits for the workshop's stream too. */
    void awaitWorkshopOf(SessionRow session) {
        long committedVersion = eventStore.lastSequenceNumberFor(session.workshopId().toString())
                .map(sequenceNumber -> sequenceNumber + 1)
                .orElse(0L);
        if (!freshness.awaitVersion(() -> workshops.findVersion(session.workshopId()).orElse(0L), committedVersion)) {
            throw Rejection.of(Rejection.Reason.PROJECTION_BEHIND,
                    "The session's workshop is not readable yet; retry shortly").asQueryFailure();
        }
    }

    private boolean mayRead(String participantId, UUID workshopId, Caller caller) {
        return caller.isAdmin()
                || participantId.equals(caller.userId())
                || facilitatorOf(workshopId).filter(caller.userId()::equals).isPresent();
    }

    /**
     * Before the projection has the session's row, its first event says whose it is; deciding there
     * keeps an intruder's read as quick a 404 as for a session that does not exist.
     */
    private boolean mayReadAsStarted(UUID sessionId, Caller caller) {
        return firstEventOf(sessionId)
                .filter(SessionStarted.class::isInstance)
                .map(SessionStarted.class::cast)
                .map(started -> mayRead(started.participantId(), started.workshopId(), caller))
                .orElse(false);
    }

    private Optional<String> facilitatorOf(UUID workshopId) {
        Optional<String> projected = workshops.findById(workshopId).map(WorkshopRow::facilitatorId);
        if (projected.isPresent()) {
            return projected;
        }
        return firstEventOf(workshopId)
                .filter(WorkshopCreated.class::isInstance)
                .map(created -> ((WorkshopCreated) created).facilitatorId());
    }

    private Optional<Object> firstEventOf(UUID aggregateId) {
        DomainEventStream events = eventStore.readEvents(aggregateId.toString(), 0);
        return events.hasNext() ? Optional.of(events.next().getPayload()) : Optional.empty();
    }

    private static RuntimeException notFound() {
        return Rejection.notFound().asQueryFailure();
    }
}
