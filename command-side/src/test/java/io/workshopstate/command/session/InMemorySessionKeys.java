package io.workshopstate.command.session;

import io.workshopstate.platform.privacy.SessionKeys;

import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Stands in for the session_keys table in tests of the aggregate alone. */
final class InMemorySessionKeys implements SessionKeys {

    private final Map<UUID, String> participants = new HashMap<>();
    private final Map<UUID, SecretKey> keys = new HashMap<>();

    @Override
    public Optional<SecretKey> find(UUID sessionId) {
        return Optional.ofNullable(keys.get(sessionId));
    }

    @Override
    public Optional<SecretKey> findOrCreate(UUID sessionId, String participantId) {
        if (participants.putIfAbsent(sessionId, participantId) == null) {
            keys.put(sessionId, newKey());
        }
        return find(sessionId);
    }

    @Override
    public List<UUID> sessionsOf(String participantId) {
        List<UUID> sessions = new ArrayList<>();
        participants.forEach((session, participant) -> {
            if (participant.equals(participantId)) {
                sessions.add(session);
            }
        });
        return sessions;
    }

    @Override
    public void destroy(UUID sessionId) {
        keys.remove(sessionId);
    }

    private static SecretKey newKey() {
        try {
            KeyGenerator generator = KeyGenerator.getInstance("AES");
            generator.init(256);
            return generator.generateKey();
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
