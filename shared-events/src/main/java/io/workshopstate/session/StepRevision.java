package io.workshopstate.session;

import java.time.Instant;

public record StepRevision(long revision, String responseText, Instant savedAt) {
}
