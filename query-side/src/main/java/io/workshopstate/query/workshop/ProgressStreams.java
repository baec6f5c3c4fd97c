package io.workshopstate.query.workshop;

import io.workshopstate.query.freshness.ProjectionFreshness;
import io.workshopstate.workshop.FindWorkshop;
import io.workshopstate.workshop.FindWorkshopProgress;
import io.workshopstate.workshop.ParticipantProgress;
import io.workshopstate.workshop.WorkshopView;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Pushes a workshop's progress to the facilitators watching it (Server-Sent Events) whenever the
 * projection commits, here or in another query-side process (PostgreSQL's notification). One thread
 * reads each watched workshop once per wake-up, however many pages watch it and however many events
 * the commit held, and sends only what changed.
 */
@Component
class ProgressStreams implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ProgressStreams.class);
    /** Pages reconnect after this; it bounds how long a revoked or expired token keeps watching. */
    static final Duration STREAM_LIFETIME = Duration.ofMinutes(15);
    /** Proxies close connections that stay silent; a comment line keeps them open. */
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

    private final QueryGateway queries;
    private final Set<Watcher> watchers = ConcurrentHashMap.newKeySet();
    private final Object wakeUp = new Object();
    private boolean changed;
    private volatile boolean running;
    private Thread pusher;

    ProgressStreams(QueryGateway queries, ProjectionFreshness freshness) {
        this.queries = queries;
        freshness.onCommit(this::projectionAdvanced);
    }

    private static final class Watcher {
        final UUID workshopId;
        final SseEmitter emitter;
        WorkshopProgress lastSent;

        Watcher(UUID workshopId, SseEmitter emitter) {
            this.workshopId = workshopId;
            this.emitter = emitter;
        }
    }

    SseEmitter watch(UUID workshopId) {
        SseEmitter emitter = new SseEmitter(STREAM_LIFETIME.toMillis());
        Watcher watcher = new Watcher(workshopId, emitter);
        emitter.onCompletion(() -> watchers.remove(watcher));
        emitter.onTimeout(() -> watchers.remove(watcher));
        emitter.onError(failure -> watchers.remove(watcher));
        watchers.add(watcher);
        projectionAdvanced();
        return emitter;
    }

    private void projectionAdvanced() {
        synchronized (wakeUp) {
            changed = true;
            wakeUp.notifyAll();
        }
    }

    private void pushUntilStopped() {
        while (running) {
            boolean wasChanged;
            synchronized (wakeUp) {
                if (!changed) {
                    try {
                        wakeUp.wait(KEEP_ALIVE.toMillis());
                    } catch (InterruptedException interrupted) {
                        return;
                    }
                }
                wasChanged = changed;
                changed = false;
            }
            if (wasChanged) {
                pushChanges();
            } else {
                keepAlive();
            }
        }
    }

    private void pushChanges() {
        Map<UUID, List<Watcher>> byWorkshop = watchers.stream()
                .collect(Collectors.groupingBy(watcher -> watcher.workshopId));
        byWorkshop.forEach((workshopId, watching) -> {
            WorkshopProgress progress;
            try {
                progress = progressOf(workshopId);
            } catch (RuntimeException failure) {
                log.debug("Could not read the progress of workshop {}; its pages keep what they show", workshopId,
                        failure);
                return;
            }
            for (Watcher watcher : watching) {
                if (!Objects.equals(progress, watcher.lastSent)) {
                    send(watcher, SseEmitter.event().name("progress").data(progress, MediaType.APPLICATION_JSON));
                    watcher.lastSent = progress;
                }
            }
        });
    }

    private WorkshopProgress progressOf(UUID workshopId) {
        WorkshopView workshop = queries.query(new FindWorkshop(workshopId), WorkshopView.class).join();
        List<ParticipantProgress> sessions = queries.query(new FindWorkshopProgress(workshopId, false),
                ResponseTypes.multipleInstancesOf(ParticipantProgress.class)).join();
        return new WorkshopProgress(workshop, sessions);
    }

    private void keepAlive() {
        watchers.forEach(watcher -> send(watcher, SseEmitter.event().comment("keep-alive")));
    }

    private void send(Watcher watcher, SseEmitter.SseEventBuilder event) {
        try {
            watcher.emitter.send(event);
        } catch (IOException | IllegalStateException gone) {
            // The page went away; the container completes the emitter, which forgets the watcher.
            watchers.remove(watcher);
        }
    }

    @Override
    public void start() {
        running = true;
        pusher = new Thread(this::pushUntilStopped, "progress-streams");
        pusher.setDaemon(true);
        pusher.start();
    }

    /** Ends the streams before the web server's graceful shutdown, which would otherwise wait for them. */
    @Override
    public void stop() {
        running = false;
        if (pusher != null) {
            pusher.interrupt();
        }
        watchers.forEach(watcher -> watcher.emitter.complete());
        watchers.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
