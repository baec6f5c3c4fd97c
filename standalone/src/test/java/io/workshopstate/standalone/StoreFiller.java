package io.workshopstate.standalone;

import io.workshopstate.platform.privacy.PersonalTexts;
import io.workshopstate.platform.privacy.SessionKeys;
import io.workshopstate.session.StartSession;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Fills the event store as the service would, only far faster than over HTTP: workshops of 100 sessions, each
 * session a {@code SessionStarted} and 99 {@code StepResponseSaved} of 1,000 characters over 10 steps. Texts are
 * sealed with a key of the session's own in {@code session_keys}, by the service's own {@link PersonalTexts};
 * payload types, revisions, metadata and session ids are the ones the service writes. Consecutive events belong
 * to different sessions, as when many participants type at once. Events go in with one binary {@code COPY}, in
 * one transaction. Run by {@code bench/run.sh} for its big-store and rebuild scenarios.
 *
 * <p>Arguments: {@code jdbc=URL user= password= sessions=N}. Prints the number of events written.
 */
final class StoreFiller {

    private static final int SESSIONS_PER_WORKSHOP = 100;
    private static final int EVENTS_PER_SESSION = 100;
    private static final int STEPS = 10;
    private static final int TEXT_LENGTH = 1_000;
    private static final byte[] COPY_SIGNATURE = "PGCOPY\n\377\r\n\0".getBytes(StandardCharsets.ISO_8859_1);
    private static final DateTimeFormatter STORED_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSX").withZone(ZoneOffset.UTC);

    private record Session(UUID id, UUID workshopId, String participantId) {
    }

    private StoreFiller() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>(Map.of("user", "postgres", "password", ""));
        for (String arg : args) {
            String[] pair = arg.split("=", 2);
            if (pair.length != 2) {
                throw new IllegalArgumentException("Expected name=value, got " + arg);
            }
            options.put(pair[0], pair[1]);
        }
        int sessionCount = Integer.parseInt(options.get("sessions"));
        try (Connection connection = DriverManager.getConnection(options.get("jdbc"), options.get("user"),
                options.get("password"))) {
            connection.setAutoCommit(false);
            long events = fill(connection, sessionCount);
            connection.commit();
            // A store that grew over months would have its statistics; PostgreSQL gathers them by itself only
            // where autovacuum is on, and not at once after a load.
            connection.setAutoCommit(true);
            try (Statement analyze = connection.createStatement()) {
                analyze.execute("ANALYZE");
            }
            System.out.println(events);
        }
    }

    private static long fill(Connection connection, int sessionCount) throws SQLException, IOException {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<UUID> workshops = new ArrayList<>();
        List<Session> sessions = new ArrayList<>();
        for (int n = 0; n < sessionCount; n++) {
            if (n % SESSIONS_PER_WORKSHOP == 0) {
                workshops.add(UUID.randomUUID());
            }
            UUID workshopId = workshops.get(workshops.size() - 1);
            String participantId = "generated-" + run + "-" + n;
            sessions.add(new Session(StartSession.sessionIdFor(workshopId, participantId), workshopId, participantId));
        }
        Map<UUID, SecretKey> keys = storeKeys(connection, sessions);
        PersonalTexts texts = new PersonalTexts(new GeneratedKeys(keys));
        try (PreparedStatement directory = connection.prepareStatement(
                "INSERT INTO workshop_directory (workshop_id, step_count) VALUES (?, ?)")) {
            for (UUID workshopId : workshops) {
                directory.setObject(1, workshopId);
                directory.setInt(2, STEPS);
                directory.addBatch();
            }
            directory.executeBatch();
        }

        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn("""
                COPY domain_event_entry (aggregate_identifier, sequence_number, type, event_identifier, payload_type,
                                         payload_revision, payload, meta_data, time_stamp)
                FROM STDIN (FORMAT binary)""");
        EventRows rows = new EventRows(copy);
        Instant now = Instant.now();
        String storedAt = STORED_TIME.format(now);
        for (int number = 0; number < workshops.size(); number++) {
            UUID workshopId = workshops.get(number);
            rows.add(workshopId.toString(), 0, "Workshop", "io.workshopstate.workshop.WorkshopCreated", null,
                    "{\"workshopId\":\"" + workshopId + "\",\"title\":\"Generated " + number + "\",\"stepCount\":"
                            + STEPS + ",\"facilitatorId\":\"bench-generated\",\"createdAt\":\"" + now + "\"}",
                    "{\"correlationId\":\"" + UUID.randomUUID() + "\"}", storedAt);
        }
        SecureRandom random = new SecureRandom();
        for (int k = 0; k < EVENTS_PER_SESSION; k++) {
            for (Session session : sessions) {
                String metadata = "{\"workshopId\":\"" + session.workshopId() + "\",\"correlationId\":\""
                        + UUID.randomUUID() + "\"}";
                if (k == 0) {
                    rows.add(session.id().toString(), 0, "WorkshopSession", "io.workshopstate.session.SessionStarted",
                            null, "{\"sessionId\":\"" + session.id() + "\",\"workshopId\":\"" + session.workshopId()
                                    + "\",\"participantId\":\"" + session.participantId() + "\",\"stepCount\":"
                                    + STEPS + "}",
                            metadata, storedAt);
                    continue;
                }
                String sealed = texts.seal(session.id(), session.participantId(), text(random)).sealed();
                rows.add(session.id().toString(), k, "WorkshopSession", "io.workshopstate.session.StepResponseSaved",
                        "3", "{\"sessionId\":\"" + session.id() + "\",\"stepNumber\":" + ((k - 1) % STEPS + 1)
                                + ",\"revision\":" + ((k - 1) / STEPS + 1) + ",\"responseText\":{\"sealed\":\""
                                + sealed + "\",\"plain\":null},\"characterCount\":" + TEXT_LENGTH + "}",
                        metadata, storedAt);
            }
        }
        return rows.finish();
    }

    private static Map<UUID, SecretKey> storeKeys(Connection connection, List<Session> sessions) throws SQLException {
        SecureRandom random = new SecureRandom();
        Map<UUID, SecretKey> keys = new HashMap<>();
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO session_keys (session_id, participant_id, data_key) VALUES (?, ?, ?)")) {
            for (Session session : sessions) {
                byte[] key = new byte[32];
                random.nextBytes(key);
                keys.put(session.id(), new SecretKeySpec(key, "AES"));
                insert.setObject(1, session.id());
                insert.setString(2, session.participantId());
                insert.setBytes(3, key);
                insert.addBatch();
            }
            insert.executeBatch();
        }
        return keys;
    }

    /** Letters and digits, like text typed into a step; random so that no two saves compress alike. */
    private static String text(SecureRandom random) {
        char[] text = new char[TEXT_LENGTH];
        String alphabet = "abcdefghijklmnopqrstuvwxyz 0123456789";
        for (int i = 0; i < text.length; i++) {
            text[i] = alphabet.charAt(random.nextInt(alphabet.length()));
        }
        return new String(text);
    }

    /** The keys this run made; nothing here is ever erased. */
    private record GeneratedKeys(Map<UUID, SecretKey> keys) implements SessionKeys {

        @Override
        public Optional<SecretKey> find(UUID sessionId) {
            return Optional.ofNullable(keys.get(sessionId));
        }

        @Override
        public Optional<SecretKey> findOrCreate(UUID sessionId, String participantId) {
            return find(sessionId);
        }

        @Override
        public List<UUID> sessionsOf(String participantId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void destroy(UUID sessionId) {
            throw new UnsupportedOperationException();
        }
    }

    /** Rows of PostgreSQL's binary COPY format, sent a megabyte at a time. */
    private static final class EventRows {

        private static final int FLUSH_BYTES = 1 << 20;

        private final CopyIn copy;
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(FLUSH_BYTES * 2);
        private final DataOutputStream out = new DataOutputStream(buffer);
        private long count;

        EventRows(CopyIn copy) throws IOException, SQLException {
            this.copy = copy;
            out.write(COPY_SIGNATURE);
            out.writeInt(0);
            out.writeInt(0);
        }

        void add(String aggregateId, long sequence, String type, String payloadType, String payloadRevision,
                 String payload, String metadata, String storedAt) throws IOException, SQLException {
            out.writeShort(9);
            text(aggregateId);
            out.writeInt(8);
            out.writeLong(sequence);
            text(type);
            text(UUID.randomUUID().toString());
            text(payloadType);
            text(payloadRevision);
            text(payload);
            text(metadata);
            text(storedAt);
            count++;
            if (buffer.size() >= FLUSH_BYTES) {
                flush();
            }
        }

        long finish() throws IOException, SQLException {
            out.writeShort(-1);
            flush();
            copy.endCopy();
            return count;
        }

        /** A text, or bytes of a bytea column: either way the UTF-8 bytes, after their length. */
        private void text(String value) throws IOException {
            if (value == null) {
                out.writeInt(-1);
                return;
            }
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            out.writeInt(bytes.length);
            out.write(bytes);
        }

        private void flush() throws SQLException {
            copy.writeToCopy(buffer.toByteArray(), 0, buffer.size());
            buffer.reset();
        }
    }
}
