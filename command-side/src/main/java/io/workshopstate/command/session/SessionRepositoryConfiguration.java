package io.workshopstate.command.session;

import com.github.benmanes.caffeine.cache.Caffeine;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An auto-saving participant writes thousands of events into one session. The cache keeps sessions
 * in use loaded; snapshots bound what a cold load (another process, a restart) reads from the store.
 * A cached session that another process has moved on fails its append, is evicted and retried.
 */
@Configuration(proxyBeanMethods = false)
class SessionRepositoryConfiguration {

    @Bean(destroyMethod = "shutdown")
    @Qualifier("sessionSnapshots")
    ExecutorService sessionSnapshotExecutor() {
        return Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "session-snapshots");
            thread.setDaemon(true);
            // Started by the request thread whose save called for the first snapshot; it would inherit that
            // thread's lower priority (workshop.request-threads.priority) and fall behind under a burst of saves.
            thread.setPriority(Thread.NORM_PRIORITY);
            return thread;
        });
    }

    /**
     * Axon takes a snapshot right after the command's commit, while the session is still locked, and
     * the snapshot needs a connection of its own. Saves queued on that lock each hold a pooled
     * connection, so a burst of them could leave none; taken on another thread, it waits for nobody.
     */
    @Bean
    SnapshotTriggerDefinition sessionSnapshotTrigger(
            Snapshotter snapshotter, @Qualifier("sessionSnapshots") ExecutorService snapshots,
            @Value("${workshop.sessions.snapshot-every:100}") int eventsBetweenSnapshots) {
        Snapshotter inBackground = (aggregateType, aggregateIdentifier) ->
                snapshots.execute(() -> snapshotter.scheduleSnapshot(aggregateType, aggregateIdentifier));
        return new EventCountSnapshotTriggerDefinition(inBackground, eventsBetweenSnapshots);
    }

    /**
     * Sessions stay loaded while in use, up to a number of them. Weak references did not keep them: with a
     * small heap the collector runs several times a second under load, and every save loaded its session
     * again from a snapshot and up to a hundred events. Soft references let the collector take them back
     * before it runs out of memory; sessions idle for a while make room for others.
     */
    @Bean
    Cache sessionCache(@Value("${workshop.sessions.cache.max-sessions:1000}") long maxSessions,
                       @Value("${workshop.sessions.cache.idle-timeout:30m}") Duration idleTimeout) {
        return new CaffeineCache(Caffeine.newBuilder()
                .maximumSize(maxSessions)
                .expireAfterAccess(idleTimeout)
                .softValues()
                .build());
    }
}
