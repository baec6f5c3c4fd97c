package io.workshopstate.query.projection;

import io.workshopstate.platform.eventstore.EventHistory;
import org.axonframework.common.AxonThreadFactory;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.EventHandlerInvoker;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.async.SequencingPolicy;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.RollbackConfigurationType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The first part of a rebuild: the projection's handlers fill the empty tables with the history up to a global
 * index. One thread reads the history with one query ({@link EventHistory}) and hands each event to the worker
 * that owns its segment; a worker handles what has gathered for it, up to a batch, in one transaction, which
 * also stores the token its segments have reached, so the rebuild's processor goes on from there and its
 * progress shows.
 *
 * <p>Axon's pooled processor, which the rest of the rebuild uses, read the history in queries of a hundred
 * events, handed each event over on its own, and paused its reader for 100 ms whenever one segment's queue was
 * full: the cores idled for a third of the filling. Here the reader blocks only while a worker is a few
 * hand-overs behind, and wakes as soon as it catches up.
 */
class HistoryFilling {

    /**
     * The reader hands over what it read for each worker after this many events. Hand-overs, queues and batches
     * are small because every event on its way lives through young collections: with more of them than the
     * survivor spaces hold, the rest is promoted and the old generation needs a full collection every second or
     * so (with batches of 1,000, eight hand-overs of 1,000 events queued and fetches of 1,000 rows, the collector
     * took half of a core).
     */
    private static final int EVENTS_PER_HAND_OVER = 100;
    private static final int HAND_OVERS_QUEUED = 2;
    private static final int MAX_BATCH = 250;
    private static final int ATTEMPTS = 3;

    private static final Logger log = LoggerFactory.getLogger(HistoryFilling.class);

    private final EventHistory history;
    private final TokenStore tokenStore;
    private final TransactionManager transactions;
    private final EventHandlerInvoker handlers;
    private final SequencingPolicy<? super EventMessage<?>> sequencingPolicy;
    private final String processorName;

    HistoryFilling(EventHistory history, TokenStore tokenStore, TransactionManager transactions,
                   EventHandlerInvoker handlers, SequencingPolicy<? super EventMessage<?>> sequencingPolicy,
                   String processorName) {
        this.history = history;
        this.tokenStore = tokenStore;
        this.transactions = transactions;
        this.handlers = handlers;
        this.sequencingPolicy = sequencingPolicy;
        this.processorName = processorName;
    }

    /** A share of the events read, for one worker, and the token of the last event read before it. */
    private record HandOver(List<TrackedEventMessage<?>> events, TrackingToken token, boolean last) {
    }

    /**
     * Handles every event up to {@code lastGlobalIndex} into the tables, with tokens of the given number of
     * segments for the processor, which must have none yet; returns when all are stored.
     */
    void fill(long lastGlobalIndex, int segmentCount, int workerCount) throws InterruptedException {
        Segment[] segments = claimSegments(segmentCount);
        int threads = Math.min(workerCount, segments.length);
        List<Worker> workers = IntStream.range(0, threads)
                .mapToObj(worker -> new Worker(IntStream.range(0, segments.length)
                        .filter(segment -> segment % threads == worker)
                        .mapToObj(segment -> segments[segment].getSegmentId())
                        .toList()))
                .toList();
        int[] workerOfSegment = IntStream.range(0, segments.length).map(segment -> segment % threads).toArray();
        ExecutorService executor = Executors.newFixedThreadPool(threads + 1, new AxonThreadFactory(processorName));
        try {
            CompletionService<Void> running = new ExecutorCompletionService<>(executor);
            running.submit(() -> read(lastGlobalIndex, segments, workerOfSegment, workers), null);
            workers.forEach(worker -> running.submit(worker::work, null));
            for (int finished = 0; finished <= workers.size(); finished++) {
                running.take().get();
            }
        } catch (ExecutionException failure) {
            throw new IllegalStateException("Filling the rebuilt tables failed: " + failure.getCause().getMessage(),
                    failure.getCause());
        } finally {
            executor.shutdownNow();
            if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                log.warn("The filling's threads did not stop within 30 seconds");
            }
            releaseSegments(segments);
        }
    }

    private Segment[] claimSegments(int segmentCount) {
        return transactions.fetchInTransaction(() -> {
            tokenStore.initializeTokenSegments(processorName, segmentCount);
            int[] ids = tokenStore.fetchSegments(processorName);
            for (int id : ids) {
                tokenStore.fetchToken(processorName, id);
            }
            return Segment.computeSegments(ids);
        });
    }

    private void releaseSegments(Segment[] segments) {
        transactions.executeInTransaction(() -> Stream.of(segments)
                .forEach(segment -> tokenStore.releaseClaim(processorName, segment.getSegmentId())));
    }

    private void read(long lastGlobalIndex, Segment[] segments, int[] workerOfSegment, List<Worker> workers) {
        List<List<TrackedEventMessage<?>>> shares = workers.stream()
                .map(worker -> (List<TrackedEventMessage<?>>) new ArrayList<TrackedEventMessage<?>>())
                .toList();
        TrackingToken token = null;
        try (Stream<TrackedEventMessage<?>> events = history.readThrough(lastGlobalIndex)) {
            Iterator<TrackedEventMessage<?>> reading = events.iterator();
            for (long read = 1; reading.hasNext(); read++) {
                TrackedEventMessage<?> event = reading.next();
                shares.get(workerOfSegment[segmentOf(event, segments)]).add(event);
                token = event.trackingToken();
                if (read % EVENTS_PER_HAND_OVER == 0) {
                    handOver(workers, shares, token, false);
                }
            }
            handOver(workers, shares, token, true);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while reading the history", interrupted);
        }
    }

    /** As Axon's invoker decides whether a segment handles an event. */
    private int segmentOf(EventMessage<?> event, Segment[] segments) {
        Object sequence = Objects.requireNonNullElseGet(sequencingPolicy.getSequenceIdentifierFor(event),
                event::getIdentifier);
        int hash = Objects.hashCode(sequence);
        for (int segment = 0; segment < segments.length; segment++) {
            if (segments[segment].matches(hash)) {
                return segment;
            }
        }
        throw new IllegalStateException("No segment matches the sequence of event " + event.getIdentifier());
    }

    private static void handOver(List<Worker> workers, List<List<TrackedEventMessage<?>>> shares, TrackingToken token,
                                 boolean last) throws InterruptedException {
        for (int worker = 0; worker < workers.size(); worker++) {
            workers.get(worker).queue.put(new HandOver(List.copyOf(shares.get(worker)), token, last));
            shares.get(worker).clear();
        }
    }

    private final class Worker {

        private final List<Integer> segmentIds;
        private final BlockingQueue<HandOver> queue = new ArrayBlockingQueue<>(HAND_OVERS_QUEUED);

        Worker(List<Integer> segmentIds) {
            this.segmentIds = segmentIds;
        }

        /** Takes what has gathered, up to a batch, and handles it; until the last hand-over. */
        void work() {
            try {
                boolean last = false;
                while (!last) {
                    HandOver next = queue.take();
                    List<TrackedEventMessage<?>> batch = new ArrayList<>(next.events());
                    while (!next.last() && batch.size() < MAX_BATCH && queue.peek() != null) {
                        next = queue.take();
                        batch.addAll(next.events());
                    }
                    last = next.last();
                    handle(batch, next.token());
                }
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while filling", interrupted);
            }
        }

        private void handle(List<TrackedEventMessage<?>> events, TrackingToken token) {
            if (token == null) {
                return;
            }
            if (events.isEmpty()) {
                transactions.executeInTransaction(() -> storeTokens(token));
                return;
            }
            for (int attempt = 1; ; attempt++) {
                BatchingUnitOfWork<TrackedEventMessage<?>> batch = new BatchingUnitOfWork<>(events);
                batch.attachTransaction(transactions);
                batch.resources().put(ProjectionBatch.FILLING_REBUILD, true);
                batch.onPrepareCommit(unit -> storeTokens(token));
                ResultMessage<?> result = batch.executeWithResult(() -> {
                    handlers.handle(batch.getMessage(), Segment.ROOT_SEGMENT);
                    return null;
                }, RollbackConfigurationType.ANY_THROWABLE);
                if (!result.isExceptional()) {
                    return;
                }
                if (attempt == ATTEMPTS) {
                    throw new IllegalStateException("A batch of the filling failed " + ATTEMPTS + " times: "
                            + result.exceptionResult().getMessage(), result.exceptionResult());
                }
                log.warn("A batch of the filling failed; trying it again", result.exceptionResult());
            }
        }

        private void storeTokens(TrackingToken token) {
            segmentIds.forEach(segment -> tokenStore.storeToken(token, processorName, segment));
        }
    }
}
