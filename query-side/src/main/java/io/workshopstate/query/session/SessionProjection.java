package io.workshopstate.query.session;

import io.workshopstate.query.projection.WorkshopViews;
import io.workshopstate.session.SessionEvent;
import io.workshopstate.session.SessionStarted;
import io.workshopstate.session.CurrentStepChanged;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.stereotype.Component;

import java.time.Instant;

/** Keeps {@code workshop_sessions}: where each participant is, and how far their row has followed their events. */
@Component
@ProcessingGroup(WorkshopViews.PROCESSING_GROUP)
class SessionProjection {

    private final SessionRows sessions;

    SessionProjection(SessionRows sessions) {
        this.sessions = sessions;
    }

    @EventHandler
    void on(SessionStarted event, @SequenceNumber long sequenceNumber, @Timestamp Instant at) {
        if (sessions.findById(event.sessionId()).isEmpty()) {
            sessions.save(new SessionRow(event.sessionId(), event.workshopId(), event.participantId(), at,
                    sequenceNumber + 1));
        }
    }

    @EventHandler
    void on(CurrentStepChanged event, @SequenceNumber long sequenceNumber, @Timestamp Instant at) {
        sessions.findById(event.sessionId())
                .filter(session -> session.advanceTo(sequenceNumber + 1, at))
                .ifPresent(session -> session.moveTo(event.currentStep()));
    }

    /** Every other event of the session still moves its version and last-update time. */
    @EventHandler
    void on(SessionEvent event, @SequenceNumber long sequenceNumber, @Timestamp Instant at) {
        sessions.findById(event.sessionId()).ifPresent(session -> session.advanceTo(sequenceNumber + 1, at));
    }
}
