package io.workshopstate.command.workshop;

import java.util.Optional;
import java.util.UUID;

/**
 * What a session's commands must know of its workshop: that it exists, how many steps it has and
 * whether it still takes writes. Kept in step with the workshop's events in the same transaction.
 */
public interface WorkshopDirectory {

    Optional<Entry> find(UUID workshopId);

    record Entry(UUID workshopId, int stepCount, boolean closed) {
    }
}
