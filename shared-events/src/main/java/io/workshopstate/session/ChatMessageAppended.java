package io.workshopstate.session;

import org.axonframework.serialization.Revision;

import java.util.UUID;

/** Revision 2 made {@code content} a {@link ProtectedText}; events stored before are upcast on reading. */
@Revision("2")
public record ChatMessageAppended(UUID sessionId, UUID messageId, int stepNumber, ChatRole role, ProtectedText content)
        implements SessionEvent {
}
