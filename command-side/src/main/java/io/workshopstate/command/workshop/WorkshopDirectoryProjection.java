package io.workshopstate.command.workshop;

import io.workshopstate.workshop.WorkshopClosed;
import io.workshopstate.workshop.WorkshopCreated;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.Optional;
import java.util.UUID;

/**
 * Runs in a subscribing processor, inside the transaction that appends the workshop's event, so a
 * save that arrives after "close" was answered always finds the workshop closed. Every session command
 * reads its workshop here, so plain SQL rather than an entity: nothing to track or check at commit.
 */
@Component
@ProcessingGroup(WorkshopDirectoryProjection.PROCESSING_GROUP)
class WorkshopDirectoryProjection implements WorkshopDirectory {

    static final String PROCESSING_GROUP = "workshop-directory";

    private final JdbcTemplate jdbc;

    WorkshopDirectoryProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(WorkshopCreated event) {
        jdbc.update("INSERT INTO workshop_directory (workshop_id, step_count) VALUES (?, ?) ON CONFLICT DO NOTHING",
                event.workshopId(), event.stepCount());
    }

    @EventHandler
    void on(WorkshopClosed event) {
        jdbc.update("UPDATE workshop_directory SET closed = TRUE WHERE workshop_id = ?", event.workshopId());
    }

    @Override
    public Optional<Entry> find(UUID workshopId) {
        return jdbc.query("SELECT step_count, closed FROM workshop_directory WHERE workshop_id = ?",
                (row, rowNumber) -> new Entry(workshopId, row.getInt("step_count"), row.getBoolean("closed")),
                workshopId).stream().findFirst();
    }
}
