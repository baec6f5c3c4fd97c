package io.workshopstate.command.session;

import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.WeakReferenceCache;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * An auto-saving participant writes thousands of events into one session. The cache keeps sessions
 * in use loaded; snapshots bound what a cold load (another process, a restart) reads from the store.
 * A cached session that another process has moved on fails its append, is evicted and retried.
 */
@Configuration(proxyBeanMethods = false)
class SessionRepositoryConfiguration {

    @Bean
    SnapshotTriggerDefinition sessionSnapshotTrigger(
            Snapshotter snapshotter, @Value("${workshop.sessions.snapshot-every:100}") int eventsBetweenSnapshots) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, eventsBetweenSnapshots);
    }

    @Bean
    Cache sessionCache() {
        return new WeakReferenceCache();
    }
}
