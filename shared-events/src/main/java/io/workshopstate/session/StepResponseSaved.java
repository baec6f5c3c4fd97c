package io.workshopstate.session;

import java.util.UUID;

public record StepResponseSaved(UUID sessionId, int stepNumber, long revision, String responseText)
        implements SessionEvent {
}
