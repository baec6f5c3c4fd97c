package io.workshopstate.workshop;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.UUID;

public record CreateWorkshop(@TargetAggregateIdentifier UUID workshopId, String title, int stepCount,
                             String facilitatorId, Instant createdAt) {
}
