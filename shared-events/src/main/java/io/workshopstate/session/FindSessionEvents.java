package io.workshopstate.session;

import io.workshopstate.identity.Caller;

import java.util.UUID;

/** The session's own event stream after {@code afterSequence}, at most {@code limit} entries. */
public record FindSessionEvents(UUID sessionId, Caller caller, long minVersion, long afterSequence, int limit) {
}
