package io.workshopstate.query.projection;

import io.workshopstate.session.SessionEvent;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What the projection's handlers write during one batch of events. Handlers only record what an event
 * changes; when the batch commits, each table's pending writes go out as a few set-based statements,
 * however many events the batch held, instead of several round trips per event. Parents are written
 * before children, as the foreign keys require.
 */
@Component
public class ProjectionBatch {

    private static final String RESOURCE = ProjectionBatch.class.getName();
    /** Set on the batches of a rebuild that is filling its tables from the history. */
    static final String FILLING_REBUILD = RESOURCE + ".fillingRebuild";

    private final JdbcTemplate jdbc;

    ProjectionBatch(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The pending writes of this kind in the batch being handled, made on first use. */
    public <T extends PendingWrites> T pending(Class<T> kind, Supplier<T> create) {
        if (!CurrentUnitOfWork.isStarted()) {
            throw new IllegalStateException("Projection handlers run in a unit of work; none is active");
        }
        UnitOfWork<?> batch = CurrentUnitOfWork.get().root();
        Map<Class<?>, PendingWrites> writes = batch.getOrComputeResource(RESOURCE, key -> {
            Map<Class<?>, PendingWrites> created = new LinkedHashMap<>();
            batch.onPrepareCommit(committing -> write(created));
            return created;
        });
        return kind.cast(writes.computeIfAbsent(kind, key -> create.get()));
    }

    /**
     * Whether the batch being handled fills a rebuild's tables from the event history: such a batch leaves out
     * the rows a {@link DerivedAfterFill} derives once the filling is over.
     */
    public boolean fillsRebuild() {
        return Boolean.TRUE.equals(CurrentUnitOfWork.get().root().getResource(FILLING_REBUILD));
    }

    /** The sessions whose events are in the batch being handled, to read what they all need at once. */
    public Set<UUID> sessionsInBatch() {
        UnitOfWork<?> current = CurrentUnitOfWork.get();
        // A retried dead letter is handled alone, in a unit of work nested in one that holds no message.
        List<? extends Message<?>> events = current.root() instanceof BatchingUnitOfWork<?> batching
                ? batching.getMessages()
                : Stream.of(current.root().getMessage(), current.getMessage()).filter(Objects::nonNull).toList();
        return events.stream()
                .map(Message::getPayload)
                .filter(SessionEvent.class::isInstance)
                .map(event -> ((SessionEvent) event).sessionId())
                .collect(Collectors.toSet());
    }

    private void write(Map<Class<?>, PendingWrites> writes) {
        StatementPipeline statements = new StatementPipeline(jdbc);
        writes.values().stream()
                .sorted(Comparator.comparing(PendingWrites::stage))
                .forEach(pending -> pending.writeTo(statements));
        statements.send();
    }
}
