package io.workshopstate.platform.privacy;

import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.stereotype.Component;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Migration 12: a key for every session started before texts were sealed, as a session gets one with its
 * first sealed text. Erasure finds a participant's sessions by their keys; without one, a participant
 * who had not saved since could not be erased, and the texts stored unsealed would stay readable.
 * Written in Java because the keys come from {@link SecureRandom}, like every other key.
 */
@Component
class KeysForSessionsStartedBeforeSealing implements JavaMigration {

    private static final int BATCH = 1_000;

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("12");
    }

    @Override
    public String getDescription() {
        return "keys for sessions started before sealing";
    }

    @Override
    public Integer getChecksum() {
        return null;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) {
        JdbcTemplate jdbc = new JdbcTemplate(new SingleConnectionDataSource(context.getConnection(), true));
        List<Object[]> keys = new ArrayList<>();
        jdbc.query("""
                SELECT e.aggregate_identifier::uuid, convert_from(e.payload, 'UTF8')::jsonb ->> 'participantId'
                FROM domain_event_entry e
                WHERE e.payload_type = 'io.workshopstate.session.SessionStarted'
                  AND NOT EXISTS (SELECT 1 FROM session_keys k WHERE k.session_id = e.aggregate_identifier::uuid)""",
                row -> {
                    keys.add(new Object[]{row.getObject(1, UUID.class), row.getString(2), JdbcSessionKeys.newKey()});
                    if (keys.size() == BATCH) {
                        insert(jdbc, keys);
                    }
                });
        insert(jdbc, keys);
    }

    private static void insert(JdbcTemplate jdbc, List<Object[]> keys) {
        jdbc.batchUpdate("INSERT INTO session_keys (session_id, participant_id, data_key) VALUES (?, ?, ?)", keys);
        keys.clear();
    }
}
