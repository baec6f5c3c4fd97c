package io.workshopstate.session;

import java.util.UUID;

public record ChatMessageAppended(UUID sessionId, UUID messageId, int stepNumber, ChatRole role, String content)
        implements SessionEvent {
}
