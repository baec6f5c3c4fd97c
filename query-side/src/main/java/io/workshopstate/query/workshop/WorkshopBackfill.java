package io.workshopstate.query.workshop;

import io.workshopstate.query.projection.ColumnArrays;
import io.workshopstate.query.projection.ProjectionBatch;
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

    private final ProjectionBatch batch;
    private final JdbcTemplate jdbc;
    private final EventStore eventStore;

    WorkshopBackfill(ProjectionBatch batch, JdbcTemplate jdbc, EventStore eventStore) {
        this.batch = batch;
        this.jdbc = jdbc;
        this.eventStore = eventStore;
    }

    /** Makes sure the workshop has a row before the batch being handled writes its sessions. */
    public void require(UUID workshopId) {
        writes().required(workshopId);
    }

    /** The batch's workshop writes, which back-fill through this. */
    WorkshopWrites writes() {
        return batch.pending(WorkshopWrites.class, () -> new WorkshopWrites(this));
    }

    /** Rows, from their own events, for those of these workshops that have none yet. */
    List<Object[]> missingRows(Collection<UUID> workshopIds) {
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
        return rows;
    }

    private static long nextVersion(DomainEventMessage<?> event) {
        return event.getSequenceNumber() + 1;
    }
}
