package io.workshopstate.session;

import io.workshopstate.identity.Caller;

import java.util.UUID;

public record FindStepHistory(UUID sessionId, int stepNumber, Caller caller, long minVersion) {
}
