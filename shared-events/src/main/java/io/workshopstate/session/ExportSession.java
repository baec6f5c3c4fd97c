package io.workshopstate.session;

import io.workshopstate.identity.Caller;

import java.util.UUID;

/** The whole session for its participant to take away; read like {@link FindSession}. */
public record ExportSession(UUID sessionId, Caller caller, long minVersion) {
}
