package io.workshopstate.query.freshness;

import io.workshopstate.query.projection.ProjectionPositions;
import io.workshopstate.query.projection.WorkshopViews;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Lets a read wait until the projections have reached a given stream version. Waiters are woken when
 * a projection batch commits in this process, and look again every {@link #RECHECK} in case the
 * projecting happened in another one.
 */
@Component
public class ProjectionFreshness {

    private static final Duration RECHECK = Duration.ofMillis(50);

    private final Object monitor = new Object();
    private final List<Runnable> commitListeners = new CopyOnWriteArrayList<>();
    private final Duration maxWait;
    private final ProjectionPositions positions;
    private long commits;

    ProjectionFreshness(@Value("${workshop.read.max-wait:3s}") Duration maxWait, ProjectionPositions positions) {
        this.maxWait = maxWait;
        this.positions = positions;
    }

    /**
     * For reads that span many streams (a participant's sessions, a workshop's participants): waits
     * until the projection holds every event committed before the read began.
     */
    public boolean awaitEverythingCommitted() {
        long head = positions.head();
        return await(() -> positions.reached(WorkshopViews.PROCESSING_GROUP, head));
    }

    /** @return whether the projected version reached {@code target} before the wait ran out */
    public boolean awaitVersion(LongSupplier projectedVersion, long target) {
        return await(() -> projectedVersion.getAsLong() >= target);
    }

    private boolean await(BooleanSupplier reached) {
        long deadline = System.nanoTime() + maxWait.toNanos();
        while (true) {
            long commitsSeen;
            synchronized (monitor) {
                commitsSeen = commits;
            }
            if (reached.getAsBoolean()) {
                return true;
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                return false;
            }
            synchronized (monitor) {
                if (commits == commitsSeen) {
                    try {
                        monitor.wait(Math.max(1, Math.min(remaining, RECHECK.toNanos()) / 1_000_000));
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                        return false;
                    }
                }
            }
        }
    }

    /**
     * Runs {@code listener} after every projection commit, in this process or another. It runs on the
     * committing thread, so it must only take note and return.
     */
    public void onCommit(Runnable listener) {
        commitListeners.add(listener);
    }

    void projectionCommitted() {
        synchronized (monitor) {
            commits++;
            monitor.notifyAll();
        }
        commitListeners.forEach(Runnable::run);
    }
}
