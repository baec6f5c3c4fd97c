package io.workshopstate.session;

import io.workshopstate.identity.Caller;

import java.time.Instant;
import java.util.UUID;

/** The session as it stood at {@code asOf}, folded from its events rather than read from a projection. */
public record FindSessionAsOf(UUID sessionId, Caller caller, Instant asOf) {
}
