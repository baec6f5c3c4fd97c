package io.workshopstate.session;

import java.util.UUID;

/**
 * An undo: the text of {@code restoredRevision} is current again, as the new {@code revision}.
 *
 * @param undoneRevision the revision whose text this undo took back
 */
public record StepResponseUndone(UUID sessionId, int stepNumber, long revision, ProtectedText responseText,
                                 int characterCount, long undoneRevision, long restoredRevision)
        implements StepResponseRevised {

    @Override
    public RevisionKind kind() {
        return RevisionKind.UNDONE;
    }

    @Override
    public Long revertedRevision() {
        return undoneRevision;
    }
}
