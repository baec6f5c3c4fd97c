package io.workshopstate.session;

import org.axonframework.serialization.Revision;

import java.util.UUID;

/**
 * Revision 2 added {@code characterCount}; revision 3 made {@code responseText} a {@link ProtectedText}.
 * Events stored before either are upcast on reading.
 */
@Revision("3")
public record StepResponseSaved(UUID sessionId, int stepNumber, long revision, ProtectedText responseText,
                                int characterCount) implements StepResponseRevised {

    @Override
    public RevisionKind kind() {
        return RevisionKind.SAVED;
    }

    @Override
    public Long revertedRevision() {
        return null;
    }
}
