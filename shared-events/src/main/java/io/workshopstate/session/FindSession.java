package io.workshopstate.session;

import io.workshopstate.identity.Caller;

import java.util.UUID;

/** @param minVersion the session version the answer must include; 0 for the newest committed one */
public record FindSession(UUID sessionId, Caller caller, long minVersion) {
}
