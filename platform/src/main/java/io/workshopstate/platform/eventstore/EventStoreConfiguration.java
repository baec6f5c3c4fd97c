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
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The event store, declared here so it can be a {@link WakeableEventStore}. Declaring it makes Axon's
 * auto-configuration drop its storage engine and the registration of its JPA entities, so both are
 * declared here too, exactly as Axon would.
 */
@Configuration(proxyBeanMethods = false)
@RegisterDefaultEntities(packages = "org.axonframework.eventsourcing.eventstore.jpa")
class EventStoreConfiguration {

    private static final int CACHED_EVENTS = 1_000;
    private static final long CLEANUP_DELAY_MILLIS = 1_000;

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
                .build();
    }

    @Bean
    WakeableEventStore eventStore(EventStorageEngine storageEngine, org.axonframework.config.Configuration axon) {
        EmbeddedEventStore.Builder builder = EmbeddedEventStore.builder()
                .storageEngine(storageEngine)
                // The events read ahead for processors near the head, shared by them; Axon keeps 10,000 by
                // default, about 30 MB of a 192 MB heap. A processor further behind reads on its own.
                .cachedEvents(CACHED_EVENTS)
                // The shared reader does not wait for its slowest processor: a processor busy with a batch keeps
                // every event read since, until the cleaner moves it to a reader of its own. Axon cleans every
                // 10 s, in which a backlog of a million events filled the heap; once a second bounds it.
                .cleanupDelay(CLEANUP_DELAY_MILLIS)
                .messageMonitor(axon.messageMonitor(EventStore.class, "eventStore"))
                .spanFactory(axon.getComponent(EventBusSpanFactory.class));
        return new WakeableEventStore(builder);
    }
}
