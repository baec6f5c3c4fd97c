package io.workshopstate.session;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.UUID;

/** @param expectedRevision the revision the client shows, or {@code null} to undo whatever is current */
public record UndoStepResponse(@TargetAggregateIdentifier UUID sessionId, String participantId, int stepNumber,
                               Long expectedRevision) {
}
