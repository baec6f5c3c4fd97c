package io.workshopstate.query.workshop;

import io.workshopstate.query.projection.ColumnArrays;
import io.workshopstate.workshop.WorkshopCreated;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Writes a workshop's row from its own events when one of its sessions gets to the projection first.
 * The projection handles each session in order but sessions and workshops in parallel, so a session's
 * first event can be projected before its workshop's; its row must not wait, and must not break the
 * foreign key. The workshop's own events, when they come, find the row and change nothing twice.
 */
@Component
public class WorkshopBackfill {

    private final JdbcTemplate jdbc;
    private final EventStore eventStore;

    WorkshopBackfill(JdbcTemplate jdbc, EventStore eventStore) {
        this.jdbc = jdbc;
        this.eventStore = eventStore;
    }

    /** Makes sure these workshops have rows, in the current transaction. */
    public void ensureRows(Collection<UUID> workshopIds) {
        Set<UUID> missing = new HashSet<>(workshopIds);
        missing.removeAll(jdbc.query("SELECT id FROM workshops WHERE id = ANY(?::uuid[])",
                ColumnArrays.column(workshopIds).binder(),
                (row, number) -> row.getObject(1, UUID.class)));
        List<Object[]> rows = new ArrayList<>();
        for (UUID workshopId : missing) {
            eventStore.readEvents(workshopId.toString()).asStream()
                    .filter(event -> event.getPayload() instanceof WorkshopCreated)
                    .findFirst()
                    .map(event -> WorkshopWrites.row((WorkshopCreated) event.getPayload(), nextVersion(event)))
                    .ifPresent(rows::add);
        }
        WorkshopWrites.insert(jdbc, rows);
    }

    private static long nextVersion(DomainEventMessage<?> event) {
        return event.getSequenceNumber() + 1;
    }
}
