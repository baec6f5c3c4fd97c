package io.workshopstate.session;

import java.time.Instant;

/** One entry of a session's audit trail; {@code sequence} counts from 1 and equals the version it produced. */
public record RecordedEvent(long sequence, String type, Instant occurredAt, Object payload) {
}
