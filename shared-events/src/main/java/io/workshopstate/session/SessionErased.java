package io.workshopstate.session;

import java.util.UUID;

/** The session's key was destroyed: none of its texts can be read any more, wherever they were copied. */
public record SessionErased(UUID sessionId) implements SessionEvent {
}
