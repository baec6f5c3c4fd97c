package io.workshopstate.session;

import java.time.Instant;

/**
 * One revision in a step's history.
 *
 * @param kind           {@code saved}, {@code undone} or {@code redone}
 * @param undoneRevision for an undo, the revision it took back
 * @param redoneRevision for a redo, the revision it applied again
 */
public record StepRevision(long revision, String responseText, Instant savedAt, String kind, Long undoneRevision,
                           Long redoneRevision) {
}
