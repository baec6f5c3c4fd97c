package io.workshopstate.query.projection;

import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * Where each processor stands, read from the token store without claiming anything: a processor's
 * position is its slowest segment's, and the head is the newest event's global index.
 */
@Component
public class ProjectionPositions {

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
}
