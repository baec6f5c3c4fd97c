package io.workshopstate.query.projection;

import io.workshopstate.platform.eventstore.EventHistory;
import io.workshopstate.platform.eventstore.StoredEventStreams;
import jakarta.annotation.PreDestroy;
import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventHandlerInvoker;
import org.axonframework.eventhandling.EventMessageHandler;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.MultiEventHandlerInvoker;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.axonframework.common.AxonThreadFactory;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * Rebuilds the read tables from the whole event history without taking reads down (blue-green).
 *
 * <p>The projection's own handlers run from the first event into empty copies of the tables in the schema
 * {@value #NEXT_SCHEMA}: each of the rebuild's transactions puts that schema first on the search path, so the
 * unchanged handlers write there while reads keep using the live tables. First a {@link HistoryFilling} fills
 * the copies with the history as it stood when the rebuild began, leaving out the rows a
 * {@link DerivedAfterFill} derives. Then the copies get the indexes and foreign keys they were filled
 * without, and the derived rows; and a second event processor goes on from the filling's tokens, batch by
 * batch as the live processors do. When it is close to them, one transaction locks the live tables, waits
 * until the rebuild has passed every position the live processors committed, and swaps the two sets of
 * tables. Live processors then go on from their own positions into the new tables; the handlers are
 * idempotent, so the events both processors see are applied once.
 */
@Component
class ProjectionRebuild {

    static final String NEXT_SCHEMA = "workshop_views_next";
    static final String RETIRED_SCHEMA = "workshop_views_retired";
    static final String REBUILD_PROCESSOR = WorkshopViews.PROCESSING_GROUP + "-rebuild";
    /** Parents before children, as the foreign keys require. */
    static final List<String> TABLES = List.of(
            "workshops", "workshop_sessions", "step_responses", "chat_messages", "step_response_revisions");

    /**
     * Tables whose rows an erasure finds by their session while the copies fill: their unique constraints, which
     * lead with the session, are there from the start.
     */
    private static final Set<String> ERASED_BY_SESSION = Set.of("chat_messages");

    /**
     * Tables the filling batches only append to, with {@code COPY}: their primary keys come once they are full. The
     * filling handles every event of the history once (its batches commit their tokens with their rows), so there
     * is nothing for a key to turn away.
     */
    private static final Set<String> APPENDED_WHILE_FILLING = Set.of("step_response_revisions");

    private static final Logger log = LoggerFactory.getLogger(ProjectionRebuild.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration SETTLING_POLL = Duration.ofMillis(20);
    private static final Duration SWITCH_WAIT = Duration.ofSeconds(10);
    private static final int SWITCH_ATTEMPTS = 5;
    private static final int BATCH_SIZE = 1000;
    private static final long CATCH_UP_MARGIN = 200;

    enum State { BUILDING, SWITCHING, COMPLETED, FAILED }

    private final EventProcessingConfiguration processing;
    private final StoredEventStreams eventStreams;
    private final EventHistory history;
    private final TokenStore tokenStore;
    private final TransactionManager axonTransactions;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final ProjectionPositions positions;
    private final List<DerivedAfterFill> derivations;
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile Thread worker;
    private ScheduledExecutorService coordinator;
    private ScheduledExecutorService workers;

    ProjectionRebuild(EventProcessingConfiguration processing, StoredEventStreams eventStreams, EventHistory history,
                      TokenStore tokenStore, TransactionManager axonTransactions, JdbcTemplate jdbc,
                      PlatformTransactionManager transactionManager, ProjectionPositions positions,
                      List<DerivedAfterFill> derivations) {
        this.processing = processing;
        this.eventStreams = eventStreams;
        this.history = history;
        this.tokenStore = tokenStore;
        this.axonTransactions = axonTransactions;
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactionManager);
        this.positions = positions;
        this.derivations = List.copyOf(derivations);
    }

    /** @return false when a rebuild is already running in this process */
    boolean start() {
        if (!running.compareAndSet(false, true)) {
            return false;
        }
        record(State.BUILDING, null);
        worker = new Thread(this::rebuild, "projection-rebuild");
        worker.setDaemon(true);
        // Started by an administrator's request, whose thread's lower priority it would otherwise inherit.
        worker.setPriority(Thread.NORM_PRIORITY);
        worker.start();
        return true;
    }

    /** A rebuild in progress stops with the application; the live tables stay as they are. */
    @PreDestroy
    void stop() throws InterruptedException {
        Thread running = worker;
        if (running != null) {
            running.interrupt();
            running.join(Duration.ofSeconds(30).toMillis());
        }
    }

    boolean isRunning() {
        return running.get();
    }

    private void rebuild() {
        PooledStreamingEventProcessor rebuilder = null;
        State outcome = State.FAILED;
        String detail = null;
        try {
            long historyEnd = positions.head();
            Instant started = Instant.now();
            createEmptyTables();
            new HistoryFilling(history, tokenStore, inNextSchema(), rebuildingHandlers(),
                    ProjectionConfiguration.SEQUENCING_POLICY, REBUILD_PROCESSOR)
                    .fill(historyEnd, liveSegmentCount(), Runtime.getRuntime().availableProcessors());
            log.info("Rebuild of {}: filled the new tables up to global index {} in {}; completing them",
                    WorkshopViews.PROCESSING_GROUP, historyEnd, since(started));
            Instant completing = Instant.now();
            completeTables();
            log.info("Rebuild of {}: completed the new tables in {}; catching up with the live projection",
                    WorkshopViews.PROCESSING_GROUP, since(completing));
            // Nothing wrote to the copies while they were completed; the rebuild goes on from the filling's tokens.
            rebuilder = rebuildingProcessor();
            rebuilder.start();
            awaitNearLive(rebuilder);
            record(State.SWITCHING, null);
            switchTables(rebuilder);
            awaitRetiredTablesReleased();
            awaitCovered(rebuilder, positions.tokens(WorkshopViews.PROCESSING_GROUP));
            outcome = State.COMPLETED;
            log.info("Rebuilt {} from the event history and switched to the new tables", WorkshopViews.PROCESSING_GROUP);
        } catch (RuntimeException | InterruptedException failure) {
            log.error("Rebuilding {} failed; the live tables are untouched", WorkshopViews.PROCESSING_GROUP, failure);
            detail = failure.getMessage();
        } finally {
            // Cleaning up needs connections, which an interrupted thread cannot get from the pool.
            boolean interrupted = Thread.interrupted();
            if (rebuilder != null) {
                rebuilder.shutDown();
            }
            shutDownExecutors();
            cleanUp();
            running.set(false);
            record(outcome, detail);
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Empty copies of the live tables with the indexes the projection's statements look rows up by: the
     * primary keys (but those of {@link #APPENDED_WHILE_FILLING}), and the unique constraints of
     * {@link #ERASED_BY_SESSION}. The other constraints and indexes come once the copies are full
     * ({@link #completeTables}): building an index over a full table is quicker than keeping it up row by row,
     * and checking a foreign key once quicker than for every row.
     */
    private void createEmptyTables() {
        transactions.executeWithoutResult(status -> {
            jdbc.execute("DROP SCHEMA IF EXISTS " + NEXT_SCHEMA + " CASCADE");
            jdbc.execute("DELETE FROM token_entry WHERE processor_name = '" + REBUILD_PROCESSOR + "'");
            jdbc.execute("CREATE SCHEMA " + NEXT_SCHEMA);
            jdbc.execute("SET LOCAL search_path TO " + NEXT_SCHEMA);
            for (String table : TABLES) {
                jdbc.execute("CREATE TABLE " + table + " (LIKE public." + table + " INCLUDING ALL EXCLUDING INDEXES)");
                // LIKE copies no storage parameters, such as a fill factor.
                jdbc.queryForList("SELECT unnest(reloptions) FROM pg_class WHERE oid = ('public.' || ?)::regclass",
                                String.class, table)
                        .forEach(option -> jdbc.execute("ALTER TABLE " + table + " SET (" + option + ")"));
                if (!APPENDED_WHILE_FILLING.contains(table)) {
                    addConstraints(table, "p");
                }
                if (ERASED_BY_SESSION.contains(table)) {
                    addConstraints(table, "u");
                }
            }
            derivations.forEach(derivation -> derivation.prepare(jdbc));
        });
    }

    /**
     * Gives the filled tables the live tables' remaining constraints and indexes, under the same names, the rows
     * derived after the filling, and their statistics, so that the planner knows them from the first read after
     * the switch. The derivations read the tables {@link #APPENDED_WHILE_FILLING} (and write to them only to blank
     * the texts of sessions erased while filling, which then waits for the index builds), so those tables' indexes
     * are built beside them, over a connection of their own; the other tables get theirs once their derived rows
     * are in.
     */
    private void completeTables() throws InterruptedException {
        ExecutorService beside =
                Executors.newSingleThreadExecutor(new AxonThreadFactory(REBUILD_PROCESSOR + "-indexes"));
        try {
            Future<?> appendedIndexes = beside.submit(
                    () -> inNextSchemaTransaction(() -> APPENDED_WHILE_FILLING.forEach(this::buildIndexes)));
            inNextSchemaTransaction(() -> derivations.forEach(derivation -> derivation.derive(jdbc)));
            appendedIndexes.get();
        } catch (ExecutionException failure) {
            throw new IllegalStateException("Indexing the rebuilt tables failed: " + failure.getCause().getMessage(),
                    failure.getCause());
        } finally {
            beside.shutdownNow();
        }
        inNextSchemaTransaction(() -> {
            for (String table : TABLES) {
                if (APPENDED_WHILE_FILLING.contains(table)) {
                    addConstraintsUsingTheirIndexes(table);
                } else {
                    if (!ERASED_BY_SESSION.contains(table)) {
                        addConstraints(table, "u");
                    }
                    plainIndexes(table).forEach(jdbc::execute);
                }
            }
            for (String table : TABLES) {
                addConstraints(table, "f");
                jdbc.execute("ANALYZE " + table);
            }
        });
    }

    /** Runs in one transaction that writes to the rebuild's schema. */
    private void inNextSchemaTransaction(Runnable work) {
        transactions.executeWithoutResult(status -> {
            jdbc.execute("SET LOCAL search_path TO " + NEXT_SCHEMA + ", public");
            work.run();
        });
    }

    /** All the live table's indexes on its copy, those of its keys without the constraints themselves. */
    private void buildIndexes(String table) {
        constraintIndexes(table).forEach(jdbc::execute);
        plainIndexes(table).forEach(jdbc::execute);
    }

    /** The live table's indexes that belong to no constraint, as statements that create them on its copy. */
    private List<String> plainIndexes(String table) {
        return jdbc.queryForList("SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i "
                        + "WHERE i.indrelid = ('public.' || ?)::regclass AND NOT EXISTS "
                        + "(SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)",
                String.class, table).stream().map(index -> index.replace(" ON public.", " ON ")).toList();
    }

    /**
     * The indexes of the live table's primary key and unique constraints, named after them, as statements that
     * create them on its copy. An index is built with a lock that lets the table be read; adding the constraint
     * itself would lock it even against reads.
     */
    private List<String> constraintIndexes(String table) {
        return jdbc.queryForList("SELECT pg_get_indexdef(conindid) FROM pg_constraint "
                        + "WHERE conrelid = ('public.' || ?)::regclass AND contype IN ('p', 'u')",
                String.class, table).stream().map(index -> index.replace(" ON public.", " ON ")).toList();
    }

    private void addConstraintsUsingTheirIndexes(String table) {
        jdbc.query("SELECT conname, CASE contype WHEN 'p' THEN 'PRIMARY KEY' ELSE 'UNIQUE' END FROM pg_constraint "
                        + "WHERE conrelid = ('public.' || ?)::regclass AND contype IN ('p', 'u')",
                row -> {
                    jdbc.execute("ALTER TABLE " + table + " ADD CONSTRAINT " + row.getString(1) + " "
                            + row.getString(2) + " USING INDEX " + row.getString(1));
                }, table);
    }

    /** Adds the live table's constraints of one kind to its copy in the schema first on the search path. */
    private void addConstraints(String table, String kind) {
        jdbc.query("SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                        + "WHERE conrelid = ('public.' || ?)::regclass AND contype = ?",
                row -> {
                    jdbc.execute("ALTER TABLE " + table + " ADD CONSTRAINT " + row.getString(1) + " "
                            + row.getString(2).replace("public.", ""));
                }, table, kind);
    }

    /**
     * A pooled processor that goes on from the filling's tokens: one thread reads the events and hands each
     * segment's events to a worker.
     *
     * <p>Segments share a worker thread per processor: while a segment waits for one, its events gather into a
     * larger batch. With a thread each, batches held a few dozen events, and PostgreSQL spent more on each batch's
     * commit, token and key lookup than on its rows.
     */
    private PooledStreamingEventProcessor rebuildingProcessor() {
        int segments = liveSegmentCount();
        coordinator = Executors.newSingleThreadScheduledExecutor(new AxonThreadFactory(REBUILD_PROCESSOR + "-reader"));
        workers = Executors.newScheduledThreadPool(Math.min(segments, Runtime.getRuntime().availableProcessors()),
                new AxonThreadFactory(REBUILD_PROCESSOR));
        return PooledStreamingEventProcessor.builder()
                .name(REBUILD_PROCESSOR)
                .eventHandlerInvoker(rebuildingHandlers())
                .messageSource(eventStreams)
                .tokenStore(tokenStore)
                .transactionManager(inNextSchema())
                .coordinatorExecutor(coordinator)
                .workerExecutor(workers)
                .initialSegmentCount(segments)
                .maxClaimedSegments(segments)
                .batchSize(BATCH_SIZE)
                .build();
    }

    /** The rebuild has a segment for each of the live processor's. */
    private int liveSegmentCount() {
        return Math.max(1, positions.tokens(WorkshopViews.PROCESSING_GROUP).size());
    }

    /** The live processor's handlers, in an invoker of the rebuild's own, which propagates their failures. */
    private SimpleEventHandlerInvoker rebuildingHandlers() {
        PooledStreamingEventProcessor live = processing.eventProcessor(WorkshopViews.PROCESSING_GROUP, PooledStreamingEventProcessor.class)
                .orElseThrow(() -> new IllegalStateException("No processor " + WorkshopViews.PROCESSING_GROUP));
        List<EventMessageHandler> handlers = handlersOf(live.eventHandlerInvoker());
        if (handlers.isEmpty()) {
            throw new IllegalStateException("Cannot reuse the handlers of " + live.getName());
        }
        return SimpleEventHandlerInvoker.builder()
                .eventHandlers(handlers)
                .sequencingPolicy(ProjectionConfiguration.SEQUENCING_POLICY)
                .listenerInvocationErrorHandler(PropagatingErrorHandler.instance())
                .build();
    }

    /** The live processor's handlers, whatever invokers Axon wrapped them in. */
    private static List<EventMessageHandler> handlersOf(EventHandlerInvoker invoker) {
        if (invoker instanceof SimpleEventHandlerInvoker simple) {
            return List.copyOf(simple.eventHandlers());
        }
        if (invoker instanceof MultiEventHandlerInvoker multiple) {
            return multiple.delegates().stream().flatMap(delegate -> handlersOf(delegate).stream()).toList();
        }
        return List.of();
    }

    /** The rebuild's transactions write to the new schema. */
    private TransactionManager inNextSchema() {
        return () -> {
            Transaction transaction = axonTransactions.startTransaction();
            jdbc.execute("SET LOCAL search_path TO " + NEXT_SCHEMA + ", public");
            return transaction;
        };
    }

    /**
     * Waits until the rebuild is within a few batches of the live processors. Under a steady stream of
     * writes neither is ever idle, so "caught up" means close; the switch closes the rest of the gap.
     */
    private void awaitNearLive(StreamingEventProcessor rebuilder) throws InterruptedException {
        awaitPosition(rebuilder,
                () -> positions.position(WorkshopViews.PROCESSING_GROUP).orElse(0) - CATCH_UP_MARGIN);
    }

    /** Waits until every segment of the rebuild has reached the position, or the end of the stored events. */
    private void awaitPosition(StreamingEventProcessor rebuilder, LongSupplier target) throws InterruptedException {
        int segments = liveSegmentCount();
        while (true) {
            if (rebuilder.isError()) {
                log.warn("The rebuild meets errors and keeps retrying; see the processor's log above");
            }
            Map<Integer, EventTrackerStatus> status = rebuilder.processingStatus();
            if (status.size() == segments) {
                long rebuilt = status.values().stream()
                        .mapToLong(segment -> segment.getCurrentPosition().orElse(0)).min().orElse(0);
                if (rebuilt >= target.getAsLong()
                        || status.values().stream().allMatch(EventTrackerStatus::isCaughtUp)) {
                    return;
                }
            }
            sleep(POLL);
        }
    }

    /** Swaps the tables in one transaction; retried when a live batch and the switch deadlock. */
    private void switchTables(StreamingEventProcessor rebuilder) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                transactions.executeWithoutResult(status -> {
                    jdbc.execute("SET LOCAL lock_timeout = '" + SWITCH_WAIT.toSeconds() + "s'");
                    jdbc.execute("LOCK TABLE " + String.join(", ", TABLES.stream().map(t -> "public." + t).toList())
                            + " IN ACCESS EXCLUSIVE MODE");
                    awaitCovering(rebuilder, positions.tokens(WorkshopViews.PROCESSING_GROUP));
                    jdbc.execute("DROP SCHEMA IF EXISTS " + RETIRED_SCHEMA + " CASCADE");
                    jdbc.execute("CREATE SCHEMA " + RETIRED_SCHEMA);
                    for (String table : TABLES) {
                        jdbc.execute("ALTER TABLE public." + table + " SET SCHEMA " + RETIRED_SCHEMA);
                        jdbc.execute("ALTER TABLE " + NEXT_SCHEMA + "." + table + " SET SCHEMA public");
                    }
                });
                return;
            } catch (DataAccessException | IllegalStateException failure) {
                if (attempt == SWITCH_ATTEMPTS) {
                    throw failure;
                }
                log.info("Switching to the rebuilt tables failed ({}); trying again", failure.getMessage());
                sleep(POLL);
                awaitNearLive(rebuilder);
            }
        }
    }

    /** Waits, with the live tables locked, until the rebuild has passed every live segment's position. */
    private void awaitCovering(StreamingEventProcessor rebuilder, Map<Integer, TrackingToken> live) {
        Instant deadline = Instant.now().plus(SWITCH_WAIT);
        while (!covers(rebuilder.processingStatus(), live)) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("The rebuild did not reach the live position in time");
            }
            try {
                Thread.sleep(SETTLING_POLL.toMillis());
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while switching", interrupted);
            }
        }
    }

    /**
     * Waits until no other transaction holds or waits for a lock on the retired tables. A live batch that waited for
     * the switch's lock looks its tables up again once it has it, and so writes into the new ones; should one write
     * into the retired tables all the same, the rebuild has to handle its events once it has committed them.
     */
    private void awaitRetiredTablesReleased() throws InterruptedException {
        Instant deadline = Instant.now().plus(SWITCH_WAIT);
        while (jdbc.queryForObject("SELECT count(*) > 0 FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
                        + "WHERE c.relnamespace = ?::regnamespace AND l.pid <> pg_backend_pid()",
                Boolean.class, RETIRED_SCHEMA)) {
            if (Instant.now().isAfter(deadline)) {
                log.warn("Transactions still hold the retired tables {} after the switch; going on without them",
                        SWITCH_WAIT);
                return;
            }
            sleep(SETTLING_POLL);
        }
    }

    /** Waits until the rebuild has passed the positions the live segments had committed. */
    private void awaitCovered(StreamingEventProcessor rebuilder, Map<Integer, TrackingToken> live)
            throws InterruptedException {
        while (!covers(rebuilder.processingStatus(), live)) {
            sleep(SETTLING_POLL);
        }
    }

    /** A live segment that is replaying counts with the position its replay has reached. */
    private static boolean covers(Map<Integer, EventTrackerStatus> rebuild, Map<Integer, TrackingToken> live) {
        for (Map.Entry<Integer, TrackingToken> segment : live.entrySet()) {
            TrackingToken livePosition = WrappedToken.unwrapUpperBound(segment.getValue());
            if (livePosition == null) {
                continue;
            }
            EventTrackerStatus status = rebuild.get(segment.getKey());
            TrackingToken rebuilt = status == null ? null : WrappedToken.unwrapLowerBound(status.getTrackingToken());
            if (rebuilt == null || !rebuilt.covers(livePosition)) {
                return false;
            }
        }
        return true;
    }

    private void shutDownExecutors() {
        for (ScheduledExecutorService executor : new ScheduledExecutorService[]{coordinator, workers}) {
            if (executor != null) {
                executor.shutdownNow();
            }
        }
        coordinator = null;
        workers = null;
    }

    private void cleanUp() {
        try {
            transactions.executeWithoutResult(status -> {
                jdbc.execute("DELETE FROM token_entry WHERE processor_name = '" + REBUILD_PROCESSOR + "'");
                jdbc.execute("DROP SCHEMA IF EXISTS " + RETIRED_SCHEMA + " CASCADE");
                jdbc.execute("DROP SCHEMA IF EXISTS " + NEXT_SCHEMA + " CASCADE");
            });
        } catch (DataAccessException failure) {
            log.warn("Could not remove what the rebuild left behind", failure);
        }
    }

    private void record(State state, String detail) {
        boolean finished = state == State.COMPLETED || state == State.FAILED;
        jdbc.update("INSERT INTO projection_rebuilds (projection, state, started_at, finished_at, detail) "
                        + "VALUES (?, ?, now(), NULL, ?) ON CONFLICT (projection) DO UPDATE SET state = excluded.state, "
                        + "started_at = CASE WHEN excluded.state = 'BUILDING' THEN now() ELSE projection_rebuilds.started_at END, "
                        + "finished_at = CASE WHEN ? THEN now() END, detail = excluded.detail",
                WorkshopViews.PROCESSING_GROUP, state.name(), detail, finished);
    }

    private static Duration since(Instant start) {
        return Duration.between(start, Instant.now()).truncatedTo(ChronoUnit.MILLIS);
    }

    private static void sleep(Duration duration) throws InterruptedException {
        Thread.sleep(duration.toMillis());
    }
}
