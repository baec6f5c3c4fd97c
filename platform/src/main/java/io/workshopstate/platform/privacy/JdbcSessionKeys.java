package io.workshopstate.platform.privacy;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.security.SecureRandom;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Keys in {@code session_keys}. Keys for sealing are kept in memory once their rows are committed; the command
 * side also opens a step's current text with one, to compare a save with it. A key cached after its session was
 * erased elsewhere is harmless there: an erased session takes no writes, so nothing is sealed with it, and what
 * was opened with it to compare goes nowhere. Keys for opening what is read or projected are read from the table
 * once per transaction (a projection's batch reads a session's key once), so no process serves or projects a text
 * after its key was destroyed.
 */
@Component
class JdbcSessionKeys implements SessionKeys {

    private static final String ALGORITHM = "AES";
    private static final int KEY_BYTES = 32;
    private static final int CACHED_KEYS = 10_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcTemplate jdbc;
    private final Map<UUID, SecretKey> sealingKeys;

    JdbcSessionKeys(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.sealingKeys = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<UUID, SecretKey> eldest) {
                return size() > CACHED_KEYS;
            }
        });
    }

    @Override
    public Optional<SecretKey> find(UUID sessionId) {
        return readInThisTransaction().map(keys -> keys.computeIfAbsent(sessionId, this::select))
                .orElseGet(() -> select(sessionId));
    }

    @Override
    public void readAhead(Collection<UUID> sessionIds) {
        readInThisTransaction().ifPresent(keys -> {
            String[] unread = sessionIds.stream().filter(id -> !keys.containsKey(id)).map(UUID::toString)
                    .toArray(String[]::new);
            if (unread.length == 0) {
                return;
            }
            for (String id : unread) {
                keys.put(UUID.fromString(id), Optional.empty());
            }
            // Bound as uuid[], not cast from text[] in the statement: a plan that scans the table would cast the
            // whole array again for every row.
            jdbc.query("SELECT session_id, data_key FROM session_keys WHERE session_id = ANY(?) AND data_key IS NOT NULL",
                    statement -> statement.setArray(1, statement.getConnection().createArrayOf("uuid", unread)),
                    row -> {
                        keys.put(row.getObject(1, UUID.class), Optional.of(new SecretKeySpec(row.getBytes(2), ALGORITHM)));
                    });
        });
    }

    @Override
    public Optional<SecretKey> findOrCreate(UUID sessionId, String participantId) {
        SecretKey cached = sealingKeys.get(sessionId);
        if (cached != null) {
            return Optional.of(cached);
        }
        // A save opens the step's current text and seals its own in one transaction: the key is read once.
        Optional<Map<UUID, Optional<SecretKey>>> readHere = readInThisTransaction();
        Optional<SecretKey> readBefore = readHere.flatMap(keys -> keys.getOrDefault(sessionId, Optional.empty()));
        if (readBefore.isPresent()) {
            return readBefore;
        }
        byte[] fresh = newKey();
        // A racing creator's row wins; the select below then reads it once that creator has committed.
        jdbc.update("INSERT INTO session_keys (session_id, participant_id, data_key) VALUES (?, ?, ?) "
                + "ON CONFLICT (session_id) DO NOTHING", sessionId, participantId, fresh);
        Optional<SecretKey> stored = select(sessionId);
        readHere.ifPresent(keys -> keys.put(sessionId, stored));
        stored.ifPresent(key -> afterCommit(() -> sealingKeys.put(sessionId, key)));
        return stored;
    }

    /** A new session's data key. */
    static byte[] newKey() {
        byte[] key = new byte[KEY_BYTES];
        RANDOM.nextBytes(key);
        return key;
    }

    @Override
    public List<UUID> sessionsOf(String participantId) {
        return jdbc.queryForList("SELECT session_id FROM session_keys WHERE participant_id = ? ORDER BY created_at",
                UUID.class, participantId);
    }

    @Override
    public void destroy(UUID sessionId) {
        jdbc.update("UPDATE session_keys SET data_key = NULL, erased_at = NOW() "
                + "WHERE session_id = ? AND data_key IS NOT NULL", sessionId);
        sealingKeys.remove(sessionId);
        afterCommit(() -> sealingKeys.remove(sessionId));
        readInThisTransaction().ifPresent(keys -> keys.put(sessionId, Optional.empty()));
    }

    /** The keys this transaction has read so far, or empty outside a transaction. */
    @SuppressWarnings("unchecked")
    private Optional<Map<UUID, Optional<SecretKey>>> readInThisTransaction() {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return Optional.empty();
        }
        var keys = (Map<UUID, Optional<SecretKey>>) TransactionSynchronizationManager.getResource(this);
        if (keys == null) {
            keys = new HashMap<>();
            TransactionSynchronizationManager.bindResource(this, keys);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(JdbcSessionKeys.this);
                }
            });
        }
        return Optional.of(keys);
    }

    private Optional<SecretKey> select(UUID sessionId) {
        return jdbc.query("SELECT data_key FROM session_keys WHERE session_id = ? AND data_key IS NOT NULL",
                        (row, number) -> (SecretKey) new SecretKeySpec(row.getBytes(1), ALGORITHM), sessionId)
                .stream().findFirst();
    }

    private static void afterCommit(Runnable action) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            action.run();
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                action.run();
            }
        });
    }
}
