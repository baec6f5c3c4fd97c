package io.workshopstate.platform.eventstore;

import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.jpa.EntityManagerProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jpa.JpaEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.axonframework.springboot.util.RegisterDefaultEntities;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;
import java.time.Duration;

/**
 * The event store, declared here so it can be a {@link WakeableEventStore}. Declaring it makes Axon's
 * auto-configuration drop its storage engine and the registration of its JPA entities, so both are
 * declared here too, exactly as Axon would.
 */
@Configuration(proxyBeanMethods = false)
@RegisterDefaultEntities(packages = "org.axonframework.eventsourcing.eventstore.jpa")
class EventStoreConfiguration {

    private static final int CACHED_EVENTS = 1_000;
    /** Axon's own defaults, named so that {@link EventHistory} tracks its events as the storage engine does. */
    static final long LOWEST_GLOBAL_SEQUENCE = 1;
    static final int MAX_GAP_OFFSET = 10_000;
    static final Duration GAP_TIMEOUT = Duration.ofMinutes(1);

    @Bean
    EventStorageEngine eventStorageEngine(Serializer serializer,
                                          @Qualifier("eventSerializer") Serializer eventSerializer,
                                          PersistenceExceptionResolver persistenceExceptionResolver,
                                          org.axonframework.config.Configuration axon,
                                          EntityManagerProvider entityManagerProvider,
                                          TransactionManager transactionManager) {
        return JpaEventStorageEngine.builder()
                .snapshotSerializer(serializer)
                .eventSerializer(eventSerializer)
                .upcasterChain(axon.upcasterChain())
                .persistenceExceptionResolver(persistenceExceptionResolver)
                .snapshotFilter(axon.snapshotFilter())
                .entityManagerProvider(entityManagerProvider)
                .transactionManager(transactionManager)
                .lowestGlobalSequence(LOWEST_GLOBAL_SEQUENCE)
                .maxGapOffset(MAX_GAP_OFFSET)
                .gapTimeout((int) GAP_TIMEOUT.toMillis())
                .build();
    }

    @Bean
    EventHistory eventHistory(DataSource dataSource, @Qualifier("eventSerializer") Serializer eventSerializer,
                              org.axonframework.config.Configuration axon) {
        return new EventHistory(dataSource, eventSerializer, axon.upcasterChain());
    }

    /** What the projections read (see workshop-defaults.yml); each of their readers reads on its own. */
    @Bean
    StoredEventStreams storedEventStreams(EventStorageEngine storageEngine, EventHistory history,
                                          @Value("${workshop.event-streams.poll-interval}") Duration pollInterval,
                                          @Value("${workshop.event-streams.min-read-interval}") Duration minReadInterval) {
        return new StoredEventStreams(storageEngine, history, pollInterval, minReadInterval);
    }

    @Bean
    ChangeNotifier changeNotifier(DataSource dataSource,
                                  @Value("${workshop.change-notifications.min-interval}") Duration minInterval) {
        return new ChangeNotifier(dataSource, minInterval);
    }

    @Bean
    WakeableEventStore eventStore(EventStorageEngine storageEngine, StoredEventStreams streams,
                                  ChangeNotifier notifier, org.axonframework.config.Configuration axon) {
        EmbeddedEventStore.Builder builder = EmbeddedEventStore.builder()
                .storageEngine(storageEngine)
                // The processors read StoredEventStreams, not this store's shared read-ahead; should anything
                // open a stream here, it keeps 1,000 events instead of Axon's 10,000 (about 30 MB).
                .cachedEvents(CACHED_EVENTS)
                .messageMonitor(axon.messageMonitor(EventStore.class, "eventStore"))
                .spanFactory(axon.getComponent(EventBusSpanFactory.class));
        return new WakeableEventStore(builder, streams, notifier);
    }
}
