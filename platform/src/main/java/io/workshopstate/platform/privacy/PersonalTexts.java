package io.workshopstate.platform.privacy;

import io.workshopstate.session.ProtectedText;
import org.springframework.stereotype.Component;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collection;
import java.util.Optional;
import java.util.UUID;

/**
 * Seals a session's texts with its key (AES-GCM, bound to the session's id) and opens them again.
 * An erased session's texts open as nothing, wherever they are read from.
 */
@Component
public class PersonalTexts {

    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    /** Each thread keeps its cipher: looking one up took two fifths of the time of opening a text. */
    private static final ThreadLocal<Cipher> CIPHERS = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance(TRANSFORMATION);
        } catch (GeneralSecurityException unavailable) {
            throw new IllegalStateException(TRANSFORMATION + " is not available", unavailable);
        }
    });

    private final SessionKeys keys;
    private final SecureRandom random = new SecureRandom();

    public PersonalTexts(SessionKeys keys) {
        this.keys = keys;
    }

    /** @throws IllegalStateException if the session was erased */
    public ProtectedText seal(UUID sessionId, String participantId, String text) {
        SecretKey key = keys.findOrCreate(sessionId, participantId)
                .orElseThrow(() -> new IllegalStateException("Session " + sessionId + " was erased"));
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        byte[] sealed = crypt(Cipher.ENCRYPT_MODE, key, nonce, sessionId, text.getBytes(StandardCharsets.UTF_8));
        byte[] stored = ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
        return ProtectedText.sealed(Base64.getEncoder().encodeToString(stored));
    }

    /** The text, or empty if its session was erased. */
    public Optional<String> open(UUID sessionId, ProtectedText text) {
        if (text.plain() != null) {
            return Optional.of(text.plain());
        }
        return keys.find(sessionId).map(key -> open(sessionId, key, text));
    }

    /**
     * A text of a session about to be written to, opened with the key its new texts are sealed with, which is
     * kept in memory: comparing a save with the step's current text reads nothing from the database. Empty if
     * the session was erased.
     */
    public Optional<String> openToRevise(UUID sessionId, String participantId, ProtectedText text) {
        if (text.plain() != null) {
            return Optional.of(text.plain());
        }
        return keys.findOrCreate(sessionId, participantId).map(key -> open(sessionId, key, text));
    }

    private static String open(UUID sessionId, SecretKey key, ProtectedText text) {
        ByteBuffer stored = ByteBuffer.wrap(Base64.getDecoder().decode(text.sealed()));
        byte[] nonce = new byte[NONCE_BYTES];
        stored.get(nonce);
        byte[] sealed = new byte[stored.remaining()];
        stored.get(sealed);
        return new String(crypt(Cipher.DECRYPT_MODE, key, nonce, sessionId, sealed), StandardCharsets.UTF_8);
    }

    /** Prepares to open texts of these sessions in the current transaction, reading their keys at once. */
    public void prepareToOpen(Collection<UUID> sessionIds) {
        keys.readAhead(sessionIds);
    }

    /** The text, or the empty text that stands for an erased one in every read. */
    public String openOrErased(UUID sessionId, ProtectedText text) {
        return open(sessionId, text).orElse("");
    }

    private static byte[] crypt(int mode, SecretKey key, byte[] nonce, UUID sessionId, byte[] input) {
        try {
            Cipher cipher = CIPHERS.get();
            cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(sessionId.toString().getBytes(StandardCharsets.US_ASCII));
            return cipher.doFinal(input);
        } catch (GeneralSecurityException failure) {
            throw new IllegalStateException("Could not " + (mode == Cipher.ENCRYPT_MODE ? "seal" : "open")
                    + " a text of session " + sessionId, failure);
        }
    }
}
