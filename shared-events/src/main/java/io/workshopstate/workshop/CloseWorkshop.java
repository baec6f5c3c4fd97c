package io.workshopstate.workshop;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.UUID;

public record CloseWorkshop(@TargetAggregateIdentifier UUID workshopId, String requestedBy) {
}
