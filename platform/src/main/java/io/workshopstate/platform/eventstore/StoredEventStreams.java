package io.workshopstate.platform.eventstore;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingEventStream;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.StreamableMessageSource;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The event streams the projections read: each reader reads the store on its own ({@link EventHistory}), one
 * batch at a time, and when it has read everything waits until events are appended (in this process, or in
 * another one as PostgreSQL's notification tells) or a poll interval has passed.
 * <p>
 * While saves keep coming, a reader reads at most once per {@code minReadInterval}: a read then takes the events
 * of several saves, which the projection writes in one transaction per segment instead of one each. After a read
 * that found nothing, the next one is not held back: a save on a quiet system is read as soon as it is announced.
 * <p>
 * Axon's embedded event store shares one reader among the processors instead, and that reader reads a
 * backlog to its end in one go while holding on to the first event it read: a million events stored at
 * once filled a 192 MB heap. Here a reader holds one batch, however far behind it is.
 */
public class StoredEventStreams implements StreamableMessageSource<TrackedEventMessage<?>> {

    /** Axon's storage engine reads batches of this size too. */
    static final int BATCH_SIZE = 100;

    private final EventStorageEngine storage;
    private final EventHistory history;
    /** A reader that was not woken still sees new events within this. */
    private final Duration pollInterval;
    private final Duration minReadInterval;
    private final Object appended = new Object();
    private final Set<Runnable> availabilityCallbacks = ConcurrentHashMap.newKeySet();
    private long appends;

    StoredEventStreams(EventStorageEngine storage, EventHistory history, Duration pollInterval,
                       Duration minReadInterval) {
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("The poll interval must be positive, not " + pollInterval);
        }
        if (minReadInterval.isNegative() || minReadInterval.compareTo(pollInterval) >= 0) {
            throw new IllegalArgumentException("The minimum read interval must be at least zero and shorter than "
                    + "the poll interval (" + pollInterval + "), not " + minReadInterval);
        }
        this.storage = storage;
        this.history = history;
        this.pollInterval = pollInterval;
        this.minReadInterval = minReadInterval;
    }

    /** Wakes the readers waiting for new events. */
    void eventsAppended() {
        synchronized (appended) {
            appends++;
            appended.notifyAll();
        }
        availabilityCallbacks.forEach(Runnable::run);
    }

    private long appendsSoFar() {
        synchronized (appended) {
            return appends;
        }
    }

    @Override
    public BlockingStream<TrackedEventMessage<?>> openStream(TrackingToken trackingToken) {
        return new Reader(trackingToken);
    }

    @Override
    public TrackingToken createTailToken() {
        return storage.createTailToken();
    }

    @Override
    public TrackingToken createHeadToken() {
        return storage.createHeadToken();
    }

    @Override
    public TrackingToken createTokenAt(Instant dateTime) {
        return storage.createTokenAt(dateTime);
    }

    private final class Reader implements TrackingEventStream {

        private TrackingToken lastToken;
        private Iterator<TrackedEventMessage<?>> events = Collections.emptyIterator();
        private boolean lastBatchFull;
        private boolean lastBatchEmpty = true;
        private long appendsWhenOpened = -1;
        private long openedAt;
        private TrackedEventMessage<?> peeked;
        private Runnable availabilityCallback;

        private Reader(TrackingToken start) {
            this.lastToken = start;
        }

        @Override
        public Optional<TrackedEventMessage<?>> peek() {
            try {
                return Optional.ofNullable(readAhead() ? peeked : null);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }

        @Override
        public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
            long deadline = System.nanoTime() + unit.toNanos(timeout);
            while (!readAhead()) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return false;
                }
                synchronized (appended) {
                    if (appends == appendsWhenOpened) {
                        TimeUnit.NANOSECONDS.timedWait(appended, Math.min(remaining, pollInterval.toNanos()));
                    }
                }
            }
            return true;
        }

        @Override
        public TrackedEventMessage<?> nextAvailable() throws InterruptedException {
            while (!hasNextAvailable(Integer.MAX_VALUE, TimeUnit.MILLISECONDS)) {
                Thread.onSpinWait();
            }
            TrackedEventMessage<?> next = peeked;
            peeked = null;
            lastToken = next.trackingToken();
            return next;
        }

        /**
         * Makes {@code peeked} the next event if there is one. After a batch that was not full, a read is
         * repeated only once events were appended since it began, or the poll interval has passed; and when it
         * found events, not before the minimum read interval has.
         */
        private boolean readAhead() throws InterruptedException {
            if (peeked != null) {
                return true;
            }
            if (!events.hasNext()) {
                long appendsNow = appendsSoFar();
                boolean maybeMore = lastBatchFull || appendsNow != appendsWhenOpened
                        || System.nanoTime() - openedAt >= pollInterval.toNanos();
                if (!maybeMore) {
                    return false;
                }
                if (!lastBatchFull && !lastBatchEmpty) {
                    long tooSoon = minReadInterval.toNanos() - (System.nanoTime() - openedAt);
                    if (tooSoon > 0) {
                        TimeUnit.NANOSECONDS.sleep(tooSoon);
                        appendsNow = appendsSoFar();
                    }
                }
                appendsWhenOpened = appendsNow;
                openedAt = System.nanoTime();
                List<TrackedEventMessage<?>> batch = history.readAfter(lastToken, BATCH_SIZE);
                lastBatchFull = batch.size() == BATCH_SIZE;
                lastBatchEmpty = batch.isEmpty();
                events = batch.iterator();
                if (!events.hasNext()) {
                    return false;
                }
            }
            peeked = events.next();
            return true;
        }

        /**
         * A pooled processor's reader does not wait in {@link #hasNextAvailable}: it asks, and without this
         * callback would ask again only half a second after finding nothing.
         */
        @Override
        public boolean setOnAvailableCallback(Runnable callback) {
            if (availabilityCallback != null) {
                availabilityCallbacks.remove(availabilityCallback);
            }
            availabilityCallback = callback;
            availabilityCallbacks.add(callback);
            return true;
        }

        @Override
        public void close() {
            events = Collections.emptyIterator();
            if (availabilityCallback != null) {
                availabilityCallbacks.remove(availabilityCallback);
            }
        }
    }
}
