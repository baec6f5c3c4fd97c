package io.workshopstate.session;

/** An event that makes a new revision of a step's text current: a save, an undo or a redo. */
public sealed interface StepResponseRevised extends SessionEvent
        permits StepResponseSaved, StepResponseUndone, StepResponseRedone {

    int stepNumber();

    long revision();

    ProtectedText responseText();

    /** Unicode code points of the text, the length the UI shows beside a response. */
    int characterCount();

    RevisionKind kind();

    /** For an undo, the revision it took back; for a redo, the revision it applied again; else {@code null}. */
    Long revertedRevision();

    static int characterCount(String text) {
        return text.codePointCount(0, text.length());
    }
}
