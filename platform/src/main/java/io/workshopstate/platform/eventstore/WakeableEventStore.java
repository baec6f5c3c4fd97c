package io.workshopstate.platform.eventstore;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;

import java.util.List;

/**
 * Axon's embedded event store, which also wakes the projections' {@link StoredEventStreams} when events are
 * appended, tells the other processes so ({@link ChangeNotifier}), and can be told that another process appended
 * some. On their own, readers notice those only at their next poll; being told lets them see new events within
 * milliseconds.
 */
public class WakeableEventStore extends EmbeddedEventStore {

    private final StoredEventStreams streams;
    private final ChangeNotifier notifier;

    WakeableEventStore(Builder builder, StoredEventStreams streams, ChangeNotifier notifier) {
        super(builder);
        this.streams = streams;
        this.notifier = notifier;
    }

    @Override
    protected void afterCommit(List<? extends EventMessage<?>> events) {
        wakeReaders(events);
        notifier.eventsAppended();
    }

    public void eventsAppendedElsewhere() {
        wakeReaders(List.of());
    }

    private void wakeReaders(List<? extends EventMessage<?>> events) {
        super.afterCommit(events);
        streams.eventsAppended();
    }
}
