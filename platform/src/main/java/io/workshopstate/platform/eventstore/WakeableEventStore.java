package io.workshopstate.platform.eventstore;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;

import java.util.List;

/**
 * Axon's embedded event store, which also wakes the projections' {@link StoredEventStreams} when events are
 * appended, and can be told that another process appended some. On their own, readers notice those only at
 * their next poll; being told lets them see new events within milliseconds.
 */
public class WakeableEventStore extends EmbeddedEventStore {

    private final StoredEventStreams streams;

    WakeableEventStore(Builder builder, StoredEventStreams streams) {
        super(builder);
        this.streams = streams;
    }

    @Override
    protected void afterCommit(List<? extends EventMessage<?>> events) {
        super.afterCommit(events);
        streams.eventsAppended();
    }

    public void eventsAppendedElsewhere() {
        afterCommit(List.of());
    }
}
