package io.workshopstate.rejection;

import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.queryhandling.QueryExecutionException;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Why a command or query was refused. It travels as the details of Axon's execution exceptions,
 * so the HTTP layer answers the same whether the handler ran in this process or on another node.
 */
public record Rejection(Reason reason, String detail, Map<String, Object> properties) {

    public enum Reason {
        NOT_FOUND,
        INVALID_FIELD,
        FORBIDDEN,
        STALE_REVISION,
        NOTHING_TO_REVERT,
        ERASED,
        WORKSHOP_CLOSED,
        PROJECTION_BEHIND,
        REBUILD_IN_PROGRESS
    }

    public Rejection {
        // Copied without Map.copyOf: a property such as the current text of a step may be null.
        properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    public static Rejection of(Reason reason, String detail) {
        return new Rejection(reason, detail, Map.of());
    }

    /**
     * The answer for a session or workshop that does not exist, and equally for another participant's
     * session: one text for both, so no answer tells a caller that someone else's session exists.
     */
    public static Rejection notFound() {
        return of(Reason.NOT_FOUND, "No such session or workshop");
    }

    public static Rejection invalidField(String field, String message) {
        return new Rejection(Reason.INVALID_FIELD, field + ": " + message, Map.of("field", field, "message", message));
    }

    public CommandExecutionException asCommandFailure() {
        return new CommandExecutionException(detail, null, this);
    }

    public QueryExecutionException asQueryFailure() {
        return new QueryExecutionException(detail, null, this);
    }
}
