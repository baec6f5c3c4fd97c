package io.workshopstate.session;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.UUID;

/**
 * @param currentStep      where the participant moves to, or {@code null} to stay
 * @param expectedRevision the revision the client edited, or {@code null} to accept any
 */
public record SaveStepResponse(@TargetAggregateIdentifier UUID sessionId, String participantId, int stepNumber,
                               String responseText, Integer currentStep, Long expectedRevision) {
}
