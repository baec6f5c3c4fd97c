package io.workshopstate.query.session;

import io.workshopstate.identity.Caller;
import io.workshopstate.platform.privacy.PersonalTexts;
import io.workshopstate.query.freshness.ProjectionFreshness;
import io.workshopstate.query.workshop.WorkshopRow;
import io.workshopstate.query.workshop.WorkshopRows;
import io.workshopstate.rejection.Rejection;
import io.workshopstate.session.ExportSession;
import io.workshopstate.session.FindParticipantSessions;
import io.workshopstate.session.FindSession;
import io.workshopstate.session.FindSessionAsOf;
import io.workshopstate.session.FindSessionEvents;
import io.workshopstate.session.FindStepHistory;
import io.workshopstate.session.ParticipantSession;
import io.workshopstate.session.ProtectedText;
import io.workshopstate.session.RecordedEvent;
import io.workshopstate.session.SessionExport;
import io.workshopstate.session.SessionView;
import io.workshopstate.session.StepRevision;
import io.workshopstate.workshop.FindWorkshopProgress;
import io.workshopstate.workshop.ParticipantProgress;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

@Component
class SessionQueries {

    private final SessionAccess access;
    private final SessionRows sessions;
    private final WorkshopRows workshops;
    private final StepResponseRows responses;
    private final StepRevisionRows revisions;
    private final ChatMessageRows chatMessages;
    private final EventStore eventStore;
    private final ProjectionFreshness freshness;
    private final PersonalTexts texts;
    private final TransactionTemplate snapshotRead;

    SessionQueries(SessionAccess access, SessionRows sessions, WorkshopRows workshops, StepResponseRows responses,
                   StepRevisionRows revisions, ChatMessageRows chatMessages, EventStore eventStore,
                   ProjectionFreshness freshness, PersonalTexts texts, PlatformTransactionManager transactionManager) {
        this.access = access;
        this.sessions = sessions;
        this.workshops = workshops;
        this.responses = responses;
        this.revisions = revisions;
        this.chatMessages = chatMessages;
        this.eventStore = eventStore;
        this.freshness = freshness;
        this.texts = texts;
        this.snapshotRead = new TransactionTemplate(transactionManager);
        snapshotRead.setReadOnly(true);
        // One snapshot for the whole document, so its version matches its responses and messages.
        snapshotRead.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
    }

    @QueryHandler
    SessionView handle(FindSession query) {
        return read(query.sessionId(), query.caller(), query.minVersion()).session();
    }

    @QueryHandler
    SessionExport handle(ExportSession query) {
        return read(query.sessionId(), query.caller(), query.minVersion());
    }

    private SessionExport read(UUID sessionId, Caller caller, long minVersion) {
        access.awaitWorkshopOf(access.awaitReadable(sessionId, caller, minVersion));
        return snapshotRead.execute(status -> {
            SessionRow session = sessions.findById(sessionId).orElseThrow();
            WorkshopRow workshop = workshops.findById(session.workshopId()).orElseThrow();
            return new SessionExport(workshop.title(), new SessionView(session.id(), session.workshopId(),
                    session.participantId(), workshop.stepCount(), workshop.status(), session.currentStep(),
                    session.startedAt(), session.updatedAt(), session.version(),
                    responses.findBySessionIdOrderByStepNumber(session.id()).stream()
                            .map(StepResponseRow::toView).toList(),
                    chatMessages.findBySessionIdOrderBySessionVersion(session.id()).stream()
                            .map(ChatMessageRow::toView).toList()));
        });
    }

    /** Folded from the event store alone, so it answers the same whatever state the projections are in. */
    @QueryHandler
    SessionView handle(FindSessionAsOf query) {
        SessionFold fold = new SessionFold(texts);
        foldUntil(query.sessionId().toString(), query.asOf(), fold::applySessionEvent);
        if (!fold.started()) {
            throw Rejection.notFound().asQueryFailure();
        }
        foldUntil(fold.workshopId().toString(), query.asOf(), fold::applyWorkshopEvent);
        Caller caller = query.caller();
        boolean mayRead = caller.isAdmin() || caller.userId().equals(fold.participantId())
                || caller.userId().equals(fold.facilitatorId());
        if (!mayRead) {
            throw Rejection.notFound().asQueryFailure();
        }
        return fold.toView();
    }

    private void foldUntil(String aggregateId, Instant asOf, Consumer<DomainEventMessage<?>> apply) {
        DomainEventStream stream = eventStore.readEvents(aggregateId, 0);
        while (stream.hasNext()) {
            DomainEventMessage<?> event = stream.next();
            if (event.getTimestamp().isAfter(asOf)) {
                return;
            }
            apply.accept(event);
        }
    }

    @QueryHandler
    List<StepRevision> handle(FindStepHistory query) {
        access.awaitReadable(query.sessionId(), query.caller(), query.minVersion());
        return revisions.findBySessionIdAndStepNumberOrderByRevision(query.sessionId(), query.stepNumber()).stream()
                .map(StepRevisionRow::toView).toList();
    }

    /** Read from the event store itself: the audit trail is the source of truth, not a projection of it. */
    @QueryHandler
    List<RecordedEvent> handle(FindSessionEvents query) {
        access.awaitReadable(query.sessionId(), query.caller(), query.minVersion());
        DomainEventStream stream = eventStore.readEvents(query.sessionId().toString(), query.afterSequence());
        List<RecordedEvent> events = new ArrayList<>();
        while (stream.hasNext() && events.size() < query.limit()) {
            DomainEventMessage<?> event = stream.next();
            if (event.getSequenceNumber() >= query.afterSequence()) {
                events.add(new RecordedEvent(event.getSequenceNumber() + 1, event.getPayloadType().getSimpleName(),
                        event.getTimestamp(), disclosed(query.sessionId(), event.getPayload())));
            }
        }
        return events;
    }

    /** An event's fields as an auditor reads them: sealed texts opened, an erased session's texts empty. */
    private Object disclosed(UUID sessionId, Object payload) {
        if (!(payload instanceof Record record)) {
            return payload;
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        for (RecordComponent component : record.getClass().getRecordComponents()) {
            Object value;
            try {
                value = component.getAccessor().invoke(record);
            } catch (ReflectiveOperationException failure) {
                throw new IllegalStateException("Cannot read " + component + " of an event", failure);
            }
            fields.put(component.getName(), value instanceof ProtectedText text ? texts.openOrErased(sessionId, text)
                    : value);
        }
        return fields;
    }

    @QueryHandler
    List<ParticipantSession> handle(FindParticipantSessions query) {
        awaitEverythingCommitted();
        return sessions.findByParticipant(query.participantId());
    }

    @QueryHandler
    List<ParticipantProgress> handle(FindWorkshopProgress query) {
        if (query.reflectEverythingCommitted()) {
            awaitEverythingCommitted();
        }
        return sessions.findProgressByWorkshop(query.workshopId());
    }

    /** A list spans many sessions, so it waits for everything committed before it was asked for. */
    private void awaitEverythingCommitted() {
        if (!freshness.awaitEverythingCommitted()) {
            throw Rejection.of(Rejection.Reason.PROJECTION_BEHIND, "The read model has not caught up yet; retry shortly")
                    .asQueryFailure();
        }
    }
}
