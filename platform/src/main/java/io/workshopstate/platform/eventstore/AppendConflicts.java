package io.workshopstate.platform.eventstore;

import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;

/** Recognises two writers meeting at the event store's unique (aggregate, sequence) key. */
public final class AppendConflicts {

    private AppendConflicts() {
    }

    public static boolean isAppendConflict(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConcurrencyException || cause instanceof AggregateStreamCreationException) {
                return true;
            }
        }
        return false;
    }
}
