package io.workshopstate.standalone;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;

/** An event appended in a transaction a test holds open: its global index is taken, the event not yet visible. */
final class UncommittedAppend {

    private UncommittedAppend() {
    }

    /** @return the global index the event took */
    static long into(Connection inTransaction) throws SQLException {
        return into(inTransaction, Instant.now());
    }

    /** @return the global index the event, stamped {@code at}, took */
    static long into(Connection inTransaction, Instant at) throws SQLException {
        try (PreparedStatement insert = inTransaction.prepareStatement("INSERT INTO domain_event_entry "
                + "(aggregate_identifier, sequence_number, type, event_identifier, payload_type, payload, meta_data, "
                + "time_stamp) VALUES (?, 0, 'Probe', ?, 'java.lang.String', ?, ?, ?) RETURNING global_index")) {
            insert.setString(1, "late-" + UUID.randomUUID());
            insert.setString(2, UUID.randomUUID().toString());
            insert.setBytes(3, "\"committed late\"".getBytes(StandardCharsets.UTF_8));
            insert.setBytes(4, "{}".getBytes(StandardCharsets.UTF_8));
            insert.setString(5, at.toString());
            try (ResultSet inserted = insert.executeQuery()) {
                inserted.next();
                return inserted.getLong(1);
            }
        }
    }
}
