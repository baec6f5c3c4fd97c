package io.workshopstate.query.projection;

import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;

/**
 * Where each processor stands, read from the token store without claiming anything: how far it has handled
 * every event, its slowest segment's token, and the head, the newest event's global index.
 */
@Component
public class ProjectionPositions {

    /**
     * Beyond this many events still to look at (or global indexes, never fewer), a processor counts as handled up to
     * its slowest token: that far behind, reading them costs more than the answer is worth.
     */
    private static final int MAX_EVENTS_TO_CHECK = 2_000;

    private final JdbcTemplate jdbc;
    private final Serializer serializer;

    ProjectionPositions(JdbcTemplate jdbc, Serializer serializer) {
        this.jdbc = jdbc;
        this.serializer = serializer;
    }

    public long head() {
        Long head = jdbc.queryForObject("SELECT max(global_index) FROM domain_event_entry", Long.class);
        return head == null ? 0 : head;
    }

    /** The committed token of each segment; a segment that has not started yet maps to null. */
    Map<Integer, TrackingToken> tokens(String processorName) {
        Map<Integer, TrackingToken> tokens = new TreeMap<>();
        jdbc.query("SELECT segment, token, token_type FROM token_entry WHERE processor_name = ?", row -> {
            byte[] token = row.getBytes("token");
            tokens.put(row.getInt("segment"), token == null ? null : serializer.deserialize(
                    new SimpleSerializedObject<>(token, byte[].class, row.getString("token_type"), null)));
        }, processorName);
        return tokens;
    }

    /** The slowest segment's token; empty when the processor has not started. */
    public OptionalLong position(String processorName) {
        Map<Integer, TrackingToken> tokens = tokens(processorName);
        if (tokens.isEmpty()) {
            return OptionalLong.empty();
        }
        long slowest = Long.MAX_VALUE;
        for (TrackingToken token : tokens.values()) {
            slowest = Math.min(slowest, token == null ? 0 : token.position().orElse(0));
        }
        return OptionalLong.of(slowest);
    }

    /**
     * Whether the processor has handled every event up to {@code head}: {@link #handledThrough} reaches it.
     */
    public boolean reached(String processorName, long head) {
        OptionalLong handled = handledThrough(processorName, head);
        return handled.isPresent() && handled.getAsLong() >= head;
    }

    /**
     * The highest global index, at most {@code head}, up to which the processor has handled every event; empty
     * when it has not started. A segment stores its token past the other segments' events only now and then (a
     * pooled processor when it extends its claim, every few seconds), so the slowest token alone would trail
     * a projection that has handled everything: a segment counts as past an event when the event is not its own,
     * or lies behind its token and outside the gaps its token still waits for. A segment without a token has
     * handled nothing yet.
     */
    public OptionalLong handledThrough(String processorName, long head) {
        Map<Integer, TrackingToken> tokens = tokens(processorName);
        if (tokens.isEmpty()) {
            return OptionalLong.empty();
        }
        long from = Long.MAX_VALUE;
        List<Long> gaps = new ArrayList<>();
        for (TrackingToken token : tokens.values()) {
            from = Math.min(from, positionOf(token));
            gapsOf(token).stream().filter(gap -> gap <= head).forEach(gaps::add);
        }
        if (from >= head && gaps.isEmpty()) {
            return OptionalLong.of(head);
        }
        if (head - from > MAX_EVENTS_TO_CHECK) {
            return OptionalLong.of(slowestOf(from, head, gaps));
        }
        long after = from;
        List<SequencedEvent> events = jdbc.query("SELECT global_index, aggregate_identifier FROM domain_event_entry "
                        + "WHERE global_index > ? AND global_index <= ? OR global_index = ANY (?) LIMIT ?",
                statement -> {
                    statement.setLong(1, after);
                    statement.setLong(2, head);
                    statement.setArray(3, statement.getConnection().createArrayOf("bigint", gaps.toArray()));
                    statement.setInt(4, MAX_EVENTS_TO_CHECK + 1);
                },
                (row, number) -> new SequencedEvent(row.getLong("global_index"), row.getString("aggregate_identifier")));
        if (events.size() > MAX_EVENTS_TO_CHECK) {
            return OptionalLong.of(slowestOf(from, head, gaps));
        }
        return OptionalLong.of(handledThrough(tokens, head, events));
    }

    /** Up to the slowest token, short of its first gap: what a processor has handled for certain. */
    private static long slowestOf(long from, long head, List<Long> gaps) {
        long slowest = Math.min(from, head);
        for (long gap : gaps) {
            slowest = Math.min(slowest, gap - 1);
        }
        return slowest;
    }

    /** An event stored in the event store: its place in the stream, and what the projection sequences it by. */
    record SequencedEvent(long globalIndex, String aggregateIdentifier) {
    }

    /**
     * The index just before the first of {@code events} (up to {@code head}) that its segment has not handled yet,
     * or {@code head} when there is none. The projection sequences events by aggregate
     * ({@link ProjectionConfiguration#SEQUENCING_POLICY}), so an event belongs to the segment its aggregate
     * identifier hashes to.
     */
    static long handledThrough(Map<Integer, TrackingToken> tokens, long head, Collection<SequencedEvent> events) {
        int[] segmentIds = tokens.keySet().stream().mapToInt(Integer::intValue).toArray();
        long through = head;
        for (Map.Entry<Integer, TrackingToken> stored : tokens.entrySet()) {
            Segment segment = Segment.computeSegment(stored.getKey(), segmentIds);
            long position = positionOf(stored.getValue());
            Set<Long> gaps = gapsOf(stored.getValue());
            for (SequencedEvent event : events) {
                boolean notYetHandled = event.globalIndex() > position || gaps.contains(event.globalIndex());
                if (event.globalIndex() <= through && notYetHandled && segment.matches(event.aggregateIdentifier())) {
                    through = event.globalIndex() - 1;
                }
            }
        }
        return through;
    }

    private static long positionOf(TrackingToken token) {
        return token == null ? 0 : token.position().orElse(0);
    }

    /** The gaps of the position a segment has reached, also while it replays. */
    private static Set<Long> gapsOf(TrackingToken token) {
        return token != null && WrappedToken.unwrapLowerBound(token) instanceof GapAwareTrackingToken gapAware
                ? gapAware.getGaps() : Set.of();
    }
}
