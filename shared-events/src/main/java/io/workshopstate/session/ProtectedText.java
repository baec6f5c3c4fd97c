package io.workshopstate.session;

/**
 * Personal text as events carry it: sealed with its session's key, so that destroying the key erases it
 * everywhere the event was copied. Events stored before texts were sealed carry them {@code plain}.
 * Exactly one of the two is set.
 */
public record ProtectedText(String sealed, String plain) {

    public ProtectedText {
        if ((sealed == null) == (plain == null)) {
            throw new IllegalArgumentException("exactly one of sealed and plain must be set");
        }
    }

    public static ProtectedText sealed(String sealed) {
        return new ProtectedText(sealed, null);
    }

    public static ProtectedText plain(String plain) {
        return new ProtectedText(null, plain);
    }
}
