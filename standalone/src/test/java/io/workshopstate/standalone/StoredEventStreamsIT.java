package io.workshopstate.standalone;

import io.workshopstate.platform.eventstore.StoredEventStreams;
import io.workshopstate.platform.eventstore.WakeableEventStore;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The projections' event streams: read from the store, and woken as soon as events are appended. */
class StoredEventStreamsIT extends HttpIntegrationTest {

    @Autowired
    StoredEventStreams streams;

    @Autowired
    WakeableEventStore eventStore;

    @Autowired
    EventStorageEngine storage;

    @Autowired
    PlatformTransactionManager transactionManager;

    @Test
    void aReaderThatHasReadEverythingIsCalledBackOnAnAppendAndReadsItWithoutWaitingForItsPoll() throws Exception {
        String participant = Tokens.participant(uniqueUser("participant"));
        String sessionId = startSession(participant, createWorkshop(Tokens.facilitator(uniqueUser("facilitator")), 3));
        try (BlockingStream<TrackedEventMessage<?>> reader = streams.openStream(streams.createHeadToken())) {
            readAllAvailable(reader);
            CountDownLatch calledBack = new CountDownLatch(1);
            reader.setOnAvailableCallback(calledBack::countDown);

            saveStep(participant, sessionId, 1, "streamed");

            assertThat(calledBack.await(5, TimeUnit.SECONDS)).as("called back after the append").isTrue();
            long askedAt = System.nanoTime();
            List<String> read = new ArrayList<>();
            while (!read.contains(sessionId) && reader.hasNextAvailable(5, TimeUnit.SECONDS)) {
                if (reader.nextAvailable() instanceof DomainEventMessage<?> event) {
                    read.add(event.getAggregateIdentifier());
                }
            }
            assertThat(read).contains(sessionId);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - askedAt))
                    .as("read at once, not at the next poll a second later").isLessThan(900);
        }
    }

    @Test
    void aClosedReaderIsNotCalledBackAnyMore() {
        AtomicInteger openCalls = new AtomicInteger();
        AtomicInteger closedCalls = new AtomicInteger();
        BlockingStream<TrackedEventMessage<?>> open = streams.openStream(streams.createHeadToken());
        BlockingStream<TrackedEventMessage<?>> closed = streams.openStream(streams.createHeadToken());
        open.setOnAvailableCallback(openCalls::incrementAndGet);
        closed.setOnAvailableCallback(closedCalls::incrementAndGet);
        closed.close();

        eventStore.eventsAppendedElsewhere();
        open.close();

        assertThat(openCalls.get()).isPositive();
        assertThat(closedCalls).hasValue(0);
    }

    @Test
    void aReaderThatHasReadEverythingLooksAgainOnlyWhenWokenOrAtItsPoll() throws Exception {
        try (BlockingStream<TrackedEventMessage<?>> reader = streams.openStream(streams.createHeadToken())) {
            eventStore.eventsAppendedElsewhere();
            readAllAvailable(reader);

            String unannounced = "unannounced-" + UUID.randomUUID();
            new TransactionTemplate(transactionManager).executeWithoutResult(status -> storage.appendEvents(
                    new GenericDomainEventMessage<>("Probe", unannounced, 0, "appended without a notification")));

            assertThat(reader.peek()).as("an event no one announced, before the poll (1 s) is due").isEmpty();
            List<String> read = new ArrayList<>();
            while (!read.contains(unannounced) && reader.hasNextAvailable(5, TimeUnit.SECONDS)) {
                if (reader.nextAvailable() instanceof DomainEventMessage<?> event) {
                    read.add(event.getAggregateIdentifier());
                }
            }
            assertThat(read).as("read at the poll").contains(unannounced);
        }
    }

    private static void readAllAvailable(BlockingStream<TrackedEventMessage<?>> reader) throws InterruptedException {
        while (reader.hasNextAvailable(0, TimeUnit.MILLISECONDS)) {
            reader.nextAvailable();
        }
    }
}
