package io.workshopstate.session;

import java.util.UUID;

/** The answer to {@link AppendChatMessage}; {@code duplicate} tells that the message had been appended before. */
public record ChatMessageReceipt(UUID messageId, long version, boolean duplicate) {
}
