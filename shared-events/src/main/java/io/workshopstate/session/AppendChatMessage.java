package io.workshopstate.session;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.UUID;

public record AppendChatMessage(@TargetAggregateIdentifier UUID sessionId, String participantId, UUID messageId,
                                int stepNumber, ChatRole role, String content) {
}
