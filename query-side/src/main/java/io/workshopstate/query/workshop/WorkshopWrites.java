package io.workshopstate.query.workshop;

import io.workshopstate.query.projection.PendingWrites;
import io.workshopstate.query.projection.StatementPipeline;
import io.workshopstate.workshop.WorkshopCreated;
import io.workshopstate.workshop.WorkshopStatus;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The workshops a batch created, closed and needs for its sessions. Replayed events change nothing: rows
 * carry their version.
 *
 * <p>Projection segments run in parallel, and one segment's batch may back-fill the workshop another's is
 * creating at the same moment. Each batch therefore inserts all its workshop rows in one statement batch, in
 * the order of their ids, and updates them in that order too: two batches then wait for each other's rows
 * one way only, never in a cycle.
 */
class WorkshopWrites implements PendingWrites {

    private record Closing(UUID workshopId, Instant closedAt, long version) {
    }

    private final WorkshopBackfill backfill;
    private final Map<UUID, Object[]> created = new TreeMap<>();
    private final Set<UUID> required = new LinkedHashSet<>();
    private final List<Closing> closed = new ArrayList<>();

    WorkshopWrites(WorkshopBackfill backfill) {
        this.backfill = backfill;
    }

    void created(WorkshopCreated event, long version) {
        created.putIfAbsent(event.workshopId(), row(event, version));
    }

    void required(UUID workshopId) {
        required.add(workshopId);
    }

    void closed(UUID workshopId, Instant closedAt, long version) {
        closed.add(new Closing(workshopId, closedAt, version));
    }

    @Override
    public Stage stage() {
        return Stage.WORKSHOPS;
    }

    @Override
    public void writeTo(StatementPipeline statements) {
        JdbcTemplate jdbc = statements.jdbc();
        Map<UUID, Object[]> rows = new TreeMap<>(created);
        required.removeAll(rows.keySet());
        if (!required.isEmpty()) {
            backfill.missingRows(required).forEach(row -> rows.putIfAbsent((UUID) row[0], row));
        }
        jdbc.batchUpdate("INSERT INTO workshops (id, title, step_count, facilitator_id, created_at, status, version) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING", List.copyOf(rows.values()));
        jdbc.batchUpdate("UPDATE workshops SET status = ?, closed_at = ?, version = ? WHERE id = ? AND version < ?",
                closed.stream()
                        .sorted(Comparator.comparing(Closing::workshopId))
                        .map(closing -> new Object[]{WorkshopStatus.CLOSED.value(), utc(closing.closedAt()),
                                closing.version(), closing.workshopId(), closing.version()})
                        .toList());
    }

    static Object[] row(WorkshopCreated event, long version) {
        return new Object[]{event.workshopId(), event.title(), event.stepCount(), event.facilitatorId(),
                utc(event.createdAt()), WorkshopStatus.ACTIVE.value(), version};
    }

    private static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
