package io.workshopstate.standalone;

import org.springframework.jdbc.core.JdbcTemplate;

/** Reads Axon's event table directly: what a refused request must never have added to. */
final class StoredEvents {

    private final JdbcTemplate jdbc;

    StoredEvents(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Events in one aggregate's stream: a session's or a workshop's. */
    long of(String aggregateId) {
        return jdbc.queryForObject("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ?",
                Long.class, aggregateId);
    }

    /**
     * Events of a type whose payload mentions {@code text}, for writes whose aggregate id the client never
     * learns, such as a refused workshop (found by its facilitator) or a refused session (by its participant).
     */
    long ofTypeMentioning(String eventName, String text) {
        return jdbc.queryForObject("""
                SELECT count(*) FROM domain_event_entry
                WHERE payload_type LIKE ? AND strpos(convert_from(payload, 'UTF8'), ?) > 0
                """, Long.class, "%." + eventName, text);
    }
}
