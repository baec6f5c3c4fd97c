package io.workshopstate.session;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.UUID;

/** @param expectedRevision the revision the client shows, or {@code null} to redo onto whatever is current */
public record RedoStepResponse(@TargetAggregateIdentifier UUID sessionId, String participantId, int stepNumber,
                               Long expectedRevision) {
}
