package io.workshopstate.session;

import java.util.UUID;

/**
 * A redo: the text of {@code redoneRevision}, which the last undo took back, is current again as the new
 * {@code revision}.
 */
public record StepResponseRedone(UUID sessionId, int stepNumber, long revision, ProtectedText responseText,
                                 int characterCount, long redoneRevision) implements StepResponseRevised {

    @Override
    public RevisionKind kind() {
        return RevisionKind.REDONE;
    }

    @Override
    public Long revertedRevision() {
        return redoneRevision;
    }
}
