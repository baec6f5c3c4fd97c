package io.workshopstate.platform.problem;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

import java.net.URI;

/** Every kind of error the API answers, each with its own {@code type} URI so clients need not parse text. */
public enum ProblemType {
    INVALID_REQUEST(HttpStatus.BAD_REQUEST, "invalid-request", "The request is not valid"),
    MALFORMED_JSON(HttpStatus.BAD_REQUEST, "malformed-json", "The request body is not valid JSON"),
    UNAUTHENTICATED(HttpStatus.UNAUTHORIZED, "unauthenticated", "Authentication required"),
    FORBIDDEN(HttpStatus.FORBIDDEN, "forbidden", "Not allowed"),
    NOT_FOUND(HttpStatus.NOT_FOUND, "not-found", "Not found"),
    METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED, "method-not-allowed", "Method not allowed"),
    NOT_ACCEPTABLE(HttpStatus.NOT_ACCEPTABLE, "not-acceptable", "Not acceptable"),
    STALE_REVISION(HttpStatus.CONFLICT, "stale-revision", "The step was changed since the expected revision"),
    NOTHING_TO_REVERT(HttpStatus.CONFLICT, "nothing-to-revert", "There is nothing to undo or redo"),
    WORKSHOP_CLOSED(HttpStatus.CONFLICT, "workshop-closed", "The workshop is closed"),
    REBUILD_IN_PROGRESS(HttpStatus.CONFLICT, "rebuild-in-progress", "A rebuild of this projection is already running"),
    ERASED(HttpStatus.GONE, "erased", "The participant's data was erased"),
    PAYLOAD_TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE, "payload-too-large", "The request body is too large"),
    UNSUPPORTED_MEDIA_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type", "The request body must be JSON"),
    PROJECTION_BEHIND(HttpStatus.SERVICE_UNAVAILABLE, "projection-behind", "The read model has not caught up yet"),
    WRITE_CONTENTION(HttpStatus.SERVICE_UNAVAILABLE, "write-contention", "Too many concurrent writes to one session"),
    INTERNAL(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Internal error");

    private static final String TYPE_PREFIX = "urn:workshop-state:problem:";

    private final HttpStatus status;
    private final URI type;
    private final String title;

    ProblemType(HttpStatus status, String slug, String title) {
        this.status = status;
        this.type = URI.create(TYPE_PREFIX + slug);
        this.title = title;
    }

    public HttpStatus status() {
        return status;
    }

    public URI type() {
        return type;
    }

    public ProblemDetail toProblem(String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(type);
        problem.setTitle(title);
        return problem;
    }

    static ProblemType forStatus(int status) {
        for (ProblemType candidate : values()) {
            if (candidate.status.value() == status) {
                return candidate;
            }
        }
        return status >= 500 ? INTERNAL : INVALID_REQUEST;
    }
}
