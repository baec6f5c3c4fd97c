package io.workshopstate.platform.problem;

import io.workshopstate.platform.eventstore.AppendConflicts;
import io.workshopstate.rejection.Rejection;
import org.axonframework.messaging.HandlerExecutionException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

/** Turns every failure into an RFC 9457 problem; no stack trace ever reaches a client. */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);
    private static final String RETRY_AFTER_SECONDS = "1";

    record FieldProblem(String field, String message) {
    }

    /** A command that lost every retry of its append race reaches here unwrapped, as the conflict itself. */
    @ExceptionHandler({HandlerExecutionException.class, CompletionException.class, ExecutionException.class,
            AggregateNotFoundException.class, ConcurrencyException.class, AggregateStreamCreationException.class})
    ResponseEntity<ProblemDetail> handleHandlerFailure(Exception failure) {
        Optional<Rejection> rejection = rejectionIn(failure);
        if (rejection.isPresent()) {
            return answer(rejection.get());
        }
        if (causeOfType(failure, AggregateNotFoundException.class).isPresent()) {
            return answer(Rejection.notFound());
        }
        if (AppendConflicts.isAppendConflict(failure)) {
            return ResponseEntity.status(ProblemType.WRITE_CONTENTION.status())
                    .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
                    .body(ProblemType.WRITE_CONTENTION.toProblem("The session kept changing while this write was retried"));
        }
        return handleUnexpected(failure);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> handleUnexpected(Exception failure) {
        log.error("Request failed unexpectedly", failure);
        return ResponseEntity.internalServerError()
                .body(ProblemType.INTERNAL.toProblem("The request could not be completed; it has been logged"));
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException failure,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        List<FieldProblem> errors = failure.getBindingResult().getFieldErrors().stream()
                .map(error -> new FieldProblem(error.getField(), messageOf(error)))
                .toList();
        return invalid(errors);
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException failure, HttpHeaders headers,
                                                        HttpStatusCode status, WebRequest request) {
        String field = failure.getPropertyName() == null ? "request" : failure.getPropertyName();
        String expected = failure.getRequiredType() == null ? "a valid value" : describe(failure.getRequiredType());
        return invalid(List.of(new FieldProblem(field, "must be " + expected)));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException failure,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        if (causeOfType(failure, RequestBodyLimitFilter.BodyTooLargeException.class).isPresent()) {
            return ResponseEntity.status(ProblemType.PAYLOAD_TOO_LARGE.status())
                    .body(ProblemType.PAYLOAD_TOO_LARGE.toProblem(RequestBodyLimitFilter.tooLargeDetail()));
        }
        Optional<JacksonException> jsonFailure = causeOfType(failure, JacksonException.class);
        if (jsonFailure.isEmpty() || jsonFailure.get() instanceof StreamReadException) {
            String message = jsonFailure.isEmpty() ? "is missing; a JSON body is required" : "is not valid JSON";
            ProblemDetail problem = ProblemType.MALFORMED_JSON.toProblem("The request body " + message);
            // Every 400 names its bad fields; here the bad "field" is the body as a whole.
            problem.setProperty("errors", List.of(new FieldProblem("body", message)));
            return ResponseEntity.badRequest().body(problem);
        }
        String field = jsonFailure.get().getPath().stream()
                .map(reference -> reference.getPropertyName() != null
                        ? reference.getPropertyName() : "[" + reference.getIndex() + "]")
                .collect(Collectors.joining("."));
        return invalid(List.of(new FieldProblem(field.isEmpty() ? "body" : field, "has the wrong type or format")));
    }

    /** Spring's own problems (415, 405 ...) get our type URIs too. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception failure, Object body, HttpHeaders headers,
                                                             HttpStatusCode status, WebRequest request) {
        ResponseEntity<Object> response = super.handleExceptionInternal(failure, body, headers, status, request);
        if (response != null && response.getBody() instanceof ProblemDetail problem
                && (problem.getType() == null || "about:blank".equals(problem.getType().toString()))) {
            problem.setType(ProblemType.forStatus(status.value()).type());
        }
        return response;
    }

    private static ResponseEntity<ProblemDetail> answer(Rejection rejection) {
        ProblemType type = switch (rejection.reason()) {
            case NOT_FOUND -> ProblemType.NOT_FOUND;
            case INVALID_FIELD -> ProblemType.INVALID_REQUEST;
            case FORBIDDEN -> ProblemType.FORBIDDEN;
            case STALE_REVISION -> ProblemType.STALE_REVISION;
            case NOTHING_TO_REVERT -> ProblemType.NOTHING_TO_REVERT;
            case ERASED -> ProblemType.ERASED;
            case WORKSHOP_CLOSED -> ProblemType.WORKSHOP_CLOSED;
            case PROJECTION_BEHIND -> ProblemType.PROJECTION_BEHIND;
            case REBUILD_IN_PROGRESS -> ProblemType.REBUILD_IN_PROGRESS;
        };
        ProblemDetail problem = type.toProblem(rejection.detail());
        if (rejection.reason() == Rejection.Reason.INVALID_FIELD) {
            problem.setProperty("errors", List.of(new FieldProblem(
                    String.valueOf(rejection.properties().get("field")),
                    String.valueOf(rejection.properties().get("message")))));
        } else {
            rejection.properties().forEach(problem::setProperty);
        }
        var response = ResponseEntity.status(type.status());
        if (type == ProblemType.PROJECTION_BEHIND) {
            response.header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
        }
        return response.body(problem);
    }

    private static ResponseEntity<Object> invalid(List<FieldProblem> errors) {
        String detail = errors.stream().map(error -> error.field() + " " + error.message())
                .collect(Collectors.joining("; "));
        ProblemDetail problem = ProblemType.INVALID_REQUEST.toProblem(detail);
        problem.setProperty("errors", errors);
        return ResponseEntity.badRequest().body(problem);
    }

    private static Optional<Rejection> rejectionIn(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof HandlerExecutionException handlerFailure
                    && handlerFailure.getDetails().orElse(null) instanceof Rejection rejection) {
                return Optional.of(rejection);
            }
        }
        return Optional.empty();
    }

    private static <T extends Throwable> Optional<T> causeOfType(Throwable failure, Class<T> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return Optional.of(type.cast(cause));
            }
        }
        return Optional.empty();
    }

    private static String messageOf(FieldError error) {
        return error.getDefaultMessage() == null ? "is invalid" : error.getDefaultMessage();
    }

    private static final Map<Class<?>, String> TYPE_NAMES = Map.of(
            java.util.UUID.class, "a UUID",
            Integer.class, "a whole number", int.class, "a whole number",
            Long.class, "a whole number", long.class, "a whole number");

    private static String describe(Class<?> type) {
        return TYPE_NAMES.getOrDefault(type, "a valid " + type.getSimpleName());
    }
}
