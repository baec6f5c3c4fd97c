package io.workshopstate.platform.eventstore;

import org.axonframework.eventhandling.EventUtils;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventhandling.TrackedDomainEventData;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.postgresql.PGStatement;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.jdbc.support.JdbcUtils;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import static io.workshopstate.platform.eventstore.EventStoreConfiguration.GAP_TIMEOUT;
import static io.workshopstate.platform.eventstore.EventStoreConfiguration.LOWEST_GLOBAL_SEQUENCE;
import static io.workshopstate.platform.eventstore.EventStoreConfiguration.MAX_GAP_OFFSET;

/**
 * The whole stored history up to a global index, read with one query through a cursor: what a rebuild reads
 * once from the first event. The storage engine reads a tracked stream in batches of a hundred events through
 * JPA, each batch a query of its own; here PostgreSQL sends the rows as they are fetched, and the events carry
 * the same gap-aware tokens the storage engine would give them, so a processor can go on from them.
 */
public class EventHistory {

    private static final String QUERY = "SELECT global_index, type, aggregate_identifier, sequence_number, "
            + "event_identifier, time_stamp, payload_type, payload_revision, payload, meta_data "
            + "FROM domain_event_entry WHERE global_index <= ? ORDER BY global_index";
    /** Few: rows waiting in the driver for their turn live through young collections, and fill the old generation. */
    private static final int ROWS_PER_FETCH = 100;

    private final DataSource dataSource;
    private final Serializer serializer;
    private final EventUpcaster upcasters;

    EventHistory(DataSource dataSource, Serializer serializer, EventUpcaster upcasters) {
        this.dataSource = dataSource;
        this.serializer = serializer;
        this.upcasters = upcasters;
    }

    /**
     * The events with a global index up to {@code lastGlobalIndex} that are committed when the query starts, in
     * their order. The stream holds a connection until it is closed.
     */
    public Stream<TrackedEventMessage<?>> readThrough(long lastGlobalIndex) {
        Rows rows = new Rows(lastGlobalIndex, GenericEventMessage.clock.instant().minus(GAP_TIMEOUT));
        return EventUtils.upcastAndDeserializeTrackedEvents(StreamSupport.stream(rows, false), serializer, upcasters)
                .onClose(rows::close);
    }

    /** One row a step, tracked as the storage engine tracks them: gaps below recent events are kept. */
    private final class Rows extends Spliterators.AbstractSpliterator<TrackedEventData<?>> {

        private final long lastGlobalIndex;
        private final Instant gapsKeptAfter;
        private Connection connection;
        private PreparedStatement statement;
        private ResultSet results;
        private GapAwareTrackingToken token;

        Rows(long lastGlobalIndex, Instant gapsKeptAfter) {
            super(Long.MAX_VALUE, Spliterator.ORDERED | Spliterator.NONNULL);
            this.lastGlobalIndex = lastGlobalIndex;
            this.gapsKeptAfter = gapsKeptAfter;
        }

        @Override
        public boolean tryAdvance(Consumer<? super TrackedEventData<?>> action) {
            try {
                if (results == null) {
                    open();
                }
                if (!results.next()) {
                    return false;
                }
                action.accept(next());
                return true;
            } catch (SQLException failure) {
                throw new UncategorizedSQLException("Reading the event history", QUERY, failure);
            }
        }

        private void open() throws SQLException {
            connection = dataSource.getConnection();
            // PostgreSQL's driver fetches through a cursor only inside a transaction.
            connection.setAutoCommit(false);
            connection.setReadOnly(true);
            statement = connection.prepareStatement(QUERY, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
            statement.setFetchSize(ROWS_PER_FETCH);
            // Prepared on the server from the first execution, so that the payloads come as bytes, not as hex text.
            statement.unwrap(PGStatement.class).setPrepareThreshold(-1);
            statement.setLong(1, lastGlobalIndex);
            results = statement.executeQuery();
        }

        private TrackedEventData<?> next() throws SQLException {
            long globalIndex = results.getLong(1);
            String aggregateIdentifier = results.getString(3);
            String eventIdentifier = results.getString(5);
            GenericDomainEventEntry<byte[]> event = new GenericDomainEventEntry<>(results.getString(2),
                    eventIdentifier.equals(aggregateIdentifier) ? null : aggregateIdentifier, results.getLong(4),
                    eventIdentifier, results.getString(6), results.getString(7), results.getString(8),
                    results.getBytes(9), results.getBytes(10));
            boolean keepGaps = event.getTimestamp().isAfter(gapsKeptAfter);
            if (token == null) {
                token = GapAwareTrackingToken.newInstance(globalIndex, keepGaps
                        ? LongStream.range(Math.min(LOWEST_GLOBAL_SEQUENCE, globalIndex), globalIndex).boxed()
                                .collect(TreeSet::new, TreeSet::add, TreeSet::addAll)
                        : new TreeSet<>());
            } else {
                token = token.advanceTo(globalIndex, keepGaps ? MAX_GAP_OFFSET : 0);
            }
            return new TrackedDomainEventData<>(token, event);
        }

        /** The pool ends the read-only transaction when the connection goes back to it. */
        void close() {
            JdbcUtils.closeResultSet(results);
            JdbcUtils.closeStatement(statement);
            JdbcUtils.closeConnection(connection);
        }
    }
}
