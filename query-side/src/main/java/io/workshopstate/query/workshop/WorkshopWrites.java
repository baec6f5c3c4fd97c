package io.workshopstate.query.workshop;

import io.workshopstate.query.projection.PendingWrites;
import io.workshopstate.workshop.WorkshopCreated;
import io.workshopstate.workshop.WorkshopStatus;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The workshops a batch created and closed. Replayed events change nothing: rows carry their version. */
class WorkshopWrites implements PendingWrites {

    private record Closing(UUID workshopId, Instant closedAt, long version) {
    }

    private final List<Object[]> created = new ArrayList<>();
    private final List<Closing> closed = new ArrayList<>();

    void created(WorkshopCreated event, long version) {
        created.add(row(event, version));
    }

    void closed(UUID workshopId, Instant closedAt, long version) {
        closed.add(new Closing(workshopId, closedAt, version));
    }

    @Override
    public Stage stage() {
        return Stage.WORKSHOPS;
    }

    @Override
    public void writeTo(JdbcTemplate jdbc) {
        insert(jdbc, created);
        jdbc.batchUpdate("UPDATE workshops SET status = ?, closed_at = ?, version = ? WHERE id = ? AND version < ?",
                closed.stream().map(closing -> new Object[]{WorkshopStatus.CLOSED.value(), utc(closing.closedAt()),
                        closing.version(), closing.workshopId(), closing.version()}).toList());
    }

    static void insert(JdbcTemplate jdbc, List<Object[]> rows) {
        jdbc.batchUpdate("INSERT INTO workshops (id, title, step_count, facilitator_id, created_at, status, version) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING", rows);
    }

    static Object[] row(WorkshopCreated event, long version) {
        return new Object[]{event.workshopId(), event.title(), event.stepCount(), event.facilitatorId(),
                utc(event.createdAt()), WorkshopStatus.ACTIVE.value(), version};
    }

    private static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
