package io.workshopstate.platform.eventstore;

import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;

import java.util.List;

/**
 * Axon's embedded event store, which can also be told that another process appended events. On its
 * own it notices those only at its next poll; being told lets readers see them within milliseconds.
 */
public class WakeableEventStore extends EmbeddedEventStore {

    WakeableEventStore(Builder builder) {
        super(builder);
    }

    public void eventsAppendedElsewhere() {
        afterCommit(List.of());
    }
}
