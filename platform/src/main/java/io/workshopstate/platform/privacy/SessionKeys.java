package io.workshopstate.platform.privacy;

import javax.crypto.SecretKey;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The data keys of sessions, one each. A destroyed key leaves its record behind, so erasing a participant
 * twice finds the same sessions and answers the same.
 */
public interface SessionKeys {

    /** The session's key; empty once it was destroyed, or if the session never had one. */
    Optional<SecretKey> find(UUID sessionId);

    /**
     * Reads these sessions' keys at once, so that {@link #find} in the same transaction answers from
     * memory: a projection's batch touches many sessions, and one query beats one per session.
     */
    default void readAhead(Collection<UUID> sessionIds) {
    }

    /**
     * The session's key, made in the caller's transaction if it has none yet. Empty if it was destroyed:
     * an erased session never gets a new key.
     */
    Optional<SecretKey> findOrCreate(UUID sessionId, String participantId);

    /** Every session that has or had a key for this participant, erased ones included. */
    List<UUID> sessionsOf(String participantId);

    /** Destroys the key in the caller's transaction; texts sealed with it can never be read again. */
    void destroy(UUID sessionId);
}
