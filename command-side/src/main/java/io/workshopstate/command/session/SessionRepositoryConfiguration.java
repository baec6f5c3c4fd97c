package io.workshopstate.command.session;

import com.github.benmanes.caffeine.cache.Caffeine;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * An auto-saving participant writes thousands of events into one session. The cache keeps sessions
 * in use loaded; snapshots bound what a cold load (another process, a restart) reads from the store.
 * A cached session that another process has moved on fails its append, is evicted and retried.
 */
@Configuration(proxyBeanMethods = false)
class SessionRepositoryConfiguration {

    private static final Duration SNAPSHOTS_AT_SHUTDOWN = Duration.ofSeconds(30);
    private static final Logger log = LoggerFactory.getLogger(SessionRepositoryConfiguration.class);

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
        Snapshotter inBackground = (aggregateType, aggregateIdentifier) -> {
            try {
                snapshots.execute(() -> snapshotter.scheduleSnapshot(aggregateType, aggregateIdentifier));
            } catch (RejectedExecutionException stopping) {
                // The process is stopping; the next load of the session asks again.
            }
        };
        return new EventCountSnapshotTriggerDefinition(inBackground, eventsBetweenSnapshots);
    }

    /**
     * When the process stops, the snapshots already asked for are taken while the database is still there:
     * after the web server has stopped, before the connection pool closes. Left to the executor's own shutdown
     * they ran on after the pool had closed, and failed.
     */
    @Bean
    SmartLifecycle sessionSnapshotsAtShutdown(@Qualifier("sessionSnapshots") ExecutorService snapshots) {
        return new SmartLifecycle() {

            private volatile boolean running;

            @Override
            public void start() {
                running = true;
            }

            @Override
            public void stop() {
                snapshots.shutdown();
                try {
                    if (!snapshots.awaitTermination(SNAPSHOTS_AT_SHUTDOWN.toSeconds(), TimeUnit.SECONDS)) {
                        log.warn("Stopping without the session snapshots still queued after {}", SNAPSHOTS_AT_SHUTDOWN);
                    }
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                }
                running = false;
            }

            @Override
            public boolean isRunning() {
                return running;
            }

            @Override
            public int getPhase() {
                return WebServerApplicationContext.START_STOP_LIFECYCLE_PHASE - 1024;
            }
        };
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
