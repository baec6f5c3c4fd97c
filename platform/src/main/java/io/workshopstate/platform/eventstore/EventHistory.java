package io.workshopstate.platform.eventstore;

import org.axonframework.common.DateTimeUtils;
import org.axonframework.eventhandling.EventUtils;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventhandling.TrackedDomainEventData;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
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
import java.util.ArrayList;
import java.util.List;
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
 * The stored events as a tracking processor reads them, with the gap-aware tokens Axon's JPA storage engine gives
 * them, so that a processor can go on from either: the whole history up to a global index, read with one query
 * through a cursor (what a rebuild reads once from the first event), and the next batch after a token (what the
 * live projection reads whenever events are appended). The storage engine reads through JPA, in a transaction,
 * with a query plan built again for every batch, and at the end of a batch queries once more to find nothing.
 */
public class EventHistory {

    private static final String COLUMNS = "SELECT global_index, type, aggregate_identifier, sequence_number, "
            + "event_identifier, time_stamp, payload_type, payload_revision, payload, meta_data "
            + "FROM domain_event_entry ";
    private static final String QUERY = COLUMNS + "WHERE global_index <= ? ORDER BY global_index";
    private static final String IN_GAPS = COLUMNS + "WHERE global_index = ANY (?) ORDER BY global_index LIMIT ?";
    private static final String AFTER = COLUMNS + "WHERE global_index > ? ORDER BY global_index LIMIT ?";
    private static final String GAP_NEIGHBOURS = "SELECT global_index, time_stamp FROM domain_event_entry "
            + "WHERE global_index BETWEEN ? AND ? ORDER BY global_index";
    /** Axon's default: a token with more gaps than this has those that timed out dropped before a read. */
    private static final int GAP_CLEANING_THRESHOLD = 250;
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
        Rows rows = new Rows(lastGlobalIndex);
        return EventUtils.upcastAndDeserializeTrackedEvents(StreamSupport.stream(rows, false), serializer, upcasters)
                .onClose(rows::close);
    }

    /**
     * The next events after {@code token} (from the first when it is null), at most {@code limit}: first those
     * in the token's gaps that were committed since, then those after its index, as Axon's JPA storage engine
     * reads them. A token with many gaps first loses those that timed out, as there.
     */
    public List<TrackedEventMessage<?>> readAfter(TrackingToken token, int limit) {
        GapAwareTrackingToken previous = (GapAwareTrackingToken) token;
        try (Connection connection = dataSource.getConnection()) {
            previous = withTimedOutGapsDropped(connection, previous);
            List<TrackedEventData<?>> rows = new ArrayList<>();
            Tokens tokens = new Tokens(previous, gapsKeptAfter());
            if (previous != null && !previous.getGaps().isEmpty()) {
                try (PreparedStatement inGaps = preparedOnServer(connection, IN_GAPS)) {
                    inGaps.setArray(1, connection.createArrayOf("bigint", previous.getGaps().toArray()));
                    inGaps.setInt(2, limit);
                    readInto(rows, inGaps, tokens);
                }
            }
            if (rows.size() < limit) {
                try (PreparedStatement after = preparedOnServer(connection, AFTER)) {
                    after.setLong(1, previous == null ? -1 : previous.getIndex());
                    after.setInt(2, limit - rows.size());
                    readInto(rows, after, tokens);
                }
            }
            return EventUtils.upcastAndDeserializeTrackedEvents(rows.stream(), serializer, upcasters).toList();
        } catch (SQLException failure) {
            throw new UncategorizedSQLException("Reading the events after " + token, AFTER, failure);
        }
    }

    /** Prepared on the server from the first execution, so that the payloads come as bytes, not as hex text. */
    private static PreparedStatement preparedOnServer(Connection connection, String sql) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        statement.unwrap(PGStatement.class).setPrepareThreshold(-1);
        return statement;
    }

    private static void readInto(List<TrackedEventData<?>> rows, PreparedStatement statement, Tokens tokens)
            throws SQLException {
        try (ResultSet results = statement.executeQuery()) {
            while (results.next()) {
                rows.add(tokens.track(results));
            }
        }
    }

    /** Drops the gaps of {@code token} below the first event that is recent or fills one of them. */
    private static GapAwareTrackingToken withTimedOutGapsDropped(Connection connection, GapAwareTrackingToken token)
            throws SQLException {
        if (token == null || token.getGaps().size() <= GAP_CLEANING_THRESHOLD) {
            return token;
        }
        Instant gapsKeptAfter = gapsKeptAfter();
        GapAwareTrackingToken cleaned = token;
        try (PreparedStatement neighbours = connection.prepareStatement(GAP_NEIGHBOURS)) {
            neighbours.setLong(1, token.getGaps().first());
            neighbours.setLong(2, token.getGaps().last() + 1);
            try (ResultSet results = neighbours.executeQuery()) {
                while (results.next()) {
                    long globalIndex = results.getLong(1);
                    if (cleaned.getGaps().contains(globalIndex)
                            || DateTimeUtils.parseInstant(results.getString(2)).isAfter(gapsKeptAfter)) {
                        return cleaned;
                    }
                    if (cleaned.getGaps().contains(globalIndex - 1)) {
                        cleaned = cleaned.withGapsTruncatedAt(globalIndex);
                    }
                }
            }
        }
        return cleaned;
    }

    private static Instant gapsKeptAfter() {
        return GenericEventMessage.clock.instant().minus(GAP_TIMEOUT);
    }

    /** The token of each event read, from the one before: gaps below recent events are kept. */
    private static final class Tokens {

        private final Instant gapsKeptAfter;
        private GapAwareTrackingToken token;

        Tokens(GapAwareTrackingToken start, Instant gapsKeptAfter) {
            this.token = start;
            this.gapsKeptAfter = gapsKeptAfter;
        }

        TrackedEventData<?> track(ResultSet results) throws SQLException {
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
    }

    /** One row a step, tracked as the storage engine tracks them. */
    private final class Rows extends Spliterators.AbstractSpliterator<TrackedEventData<?>> {

        private final long lastGlobalIndex;
        private final Tokens tokens = new Tokens(null, gapsKeptAfter());
        private Connection connection;
        private PreparedStatement statement;
        private ResultSet results;

        Rows(long lastGlobalIndex) {
            super(Long.MAX_VALUE, Spliterator.ORDERED | Spliterator.NONNULL);
            this.lastGlobalIndex = lastGlobalIndex;
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
                action.accept(tokens.track(results));
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
            statement = preparedOnServer(connection, QUERY);
            statement.setFetchSize(ROWS_PER_FETCH);
            statement.setLong(1, lastGlobalIndex);
            results = statement.executeQuery();
        }

        /** The pool ends the read-only transaction when the connection goes back to it. */
        void close() {
            JdbcUtils.closeResultSet(results);
            JdbcUtils.closeStatement(statement);
            JdbcUtils.closeConnection(connection);
        }
    }
}
