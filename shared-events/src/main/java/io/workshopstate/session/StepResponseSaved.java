package io.workshopstate.session;

import org.axonframework.serialization.Revision;

import java.util.UUID;

/**
 * Revision 2 added {@code characterCount}, the length the UI shows beside a response, counted in
 * Unicode code points. Events stored before it are upcast on reading.
 */
@Revision("2")
public record StepResponseSaved(UUID sessionId, int stepNumber, long revision, String responseText,
                                int characterCount) implements SessionEvent {

    public static StepResponseSaved of(UUID sessionId, int stepNumber, long revision, String responseText) {
        return new StepResponseSaved(sessionId, stepNumber, revision, responseText, characterCount(responseText));
    }

    public static int characterCount(String text) {
        return text.codePointCount(0, text.length());
    }
}
