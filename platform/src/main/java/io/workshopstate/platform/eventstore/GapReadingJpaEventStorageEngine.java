package io.workshopstate.platform.eventstore;

import jakarta.persistence.TypedQuery;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventsourcing.eventstore.jpa.JpaEventStorageEngine;

import java.util.ArrayList;
import java.util.List;

/**
 * Axon's JPA storage engine, reading the gaps of a tracking token with a query of their own. Axon asks for
 * {@code globalIndex > :token OR globalIndex IN :gaps ORDER BY globalIndex} in one query, and PostgreSQL
 * answers it by walking the primary key from the first event, filtering: for every batch, as long as the
 * token has a gap, it reads the whole store up to the token (a second for a million events). Gaps are
 * common: two appends that commit out of order leave one for a moment, and an append that lost a conflict
 * leaves one for the next 10,000 events.
 */
class GapReadingJpaEventStorageEngine extends JpaEventStorageEngine {

    private static final String COLUMNS = "SELECT e.globalIndex, e.type, e.aggregateIdentifier, e.sequenceNumber, "
            + "e.eventIdentifier, e.timeStamp, e.payloadType, e.payloadRevision, e.payload, e.metaData FROM ";

    GapReadingJpaEventStorageEngine(Builder builder) {
        super(builder);
    }

    /** The same rows as Axon's query: the events in the gaps, then those after the token, a batch at most. */
    @Override
    protected List<Object[]> fetchEvents(GapAwareTrackingToken token) {
        if (token == null || token.getGaps().isEmpty()) {
            return super.fetchEvents(token);
        }
        List<Object[]> events = new ArrayList<>(query("e.globalIndex IN :gaps")
                .setParameter("gaps", token.getGaps())
                .setMaxResults(batchSize())
                .getResultList());
        if (events.size() < batchSize()) {
            events.addAll(query("e.globalIndex > :token")
                    .setParameter("token", token.getIndex())
                    .setMaxResults(batchSize() - events.size())
                    .getResultList());
        }
        return events;
    }

    private TypedQuery<Object[]> query(String condition) {
        return entityManager().createQuery(COLUMNS + domainEventEntryEntityName() + " e WHERE " + condition
                + " ORDER BY e.globalIndex ASC", Object[].class);
    }
}
