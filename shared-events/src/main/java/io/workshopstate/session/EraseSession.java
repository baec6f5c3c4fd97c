package io.workshopstate.session;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.UUID;

/** Destroys the session's key, so none of its texts can be read again; answers the session's version. */
public record EraseSession(@TargetAggregateIdentifier UUID sessionId) {
}
