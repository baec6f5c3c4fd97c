package io.workshopstate.query.session;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.workshopstate.identity.Caller;
import io.workshopstate.platform.openapi.ApiDescription;
import io.workshopstate.rejection.Rejection;
import io.workshopstate.session.ExportSession;
import io.workshopstate.session.FindParticipantSessions;
import io.workshopstate.session.FindSession;
import io.workshopstate.session.FindSessionAsOf;
import io.workshopstate.session.FindSessionEvents;
import io.workshopstate.session.FindStepHistory;
import io.workshopstate.session.ParticipantSession;
import io.workshopstate.session.RecordedEvent;
import io.workshopstate.session.SessionExport;
import io.workshopstate.session.SessionView;
import io.workshopstate.session.StepRevision;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

@RestController
@Tag(name = "sessions")
class SessionQueryController {

    static final String MARKDOWN_VALUE = "text/markdown;charset=UTF-8";
    static final MediaType MARKDOWN = MediaType.parseMediaType(MARKDOWN_VALUE);
    static final int DEFAULT_EVENT_LIMIT = 100;
    static final int MAX_EVENT_LIMIT = 1000;

    private final QueryGateway queries;
    private final Clock clock;

    SessionQueryController(QueryGateway queries, Clock clock) {
        this.queries = queries;
        this.clock = clock;
    }

    @Operation(summary = "A session with its responses and chat messages",
            description = "For the session's participant, the workshop's facilitator and admins; 404 for anyone "
                    + "else. Reflects every write answered before it; with minVersion it waits until the read "
                    + "model has reached that version, or answers 503. With asOf, the session as it stood at that "
                    + "instant, replayed from its events for audit.")
    @GetMapping("/api/workshop/{sessionId}")
    SessionView session(@PathVariable UUID sessionId, @RequestParam(defaultValue = "0") long minVersion,
                        @RequestParam(required = false) Instant asOf, Caller caller) {
        requireNotNegative("minVersion", minVersion);
        if (asOf != null) {
            return queries.query(new FindSessionAsOf(sessionId, caller, asOf), SessionView.class).join();
        }
        return queries.query(new FindSession(sessionId, caller, minVersion), SessionView.class).join();
    }

    @Operation(summary = "The whole session to download: every step in order, with its chat",
            description = "format=json (the default) or markdown, as an attachment. Readable by whoever may read the "
                    + "session; takes minVersion like it.")
    @ApiResponse(responseCode = "200", description = "The session as a file", content = {
            @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = SessionDownload.class)),
            @Content(mediaType = MARKDOWN_VALUE, schema = @Schema(type = "string"))})
    @GetMapping("/api/workshop/{sessionId}/export")
    ResponseEntity<?> export(@PathVariable UUID sessionId, @RequestParam(defaultValue = "json") String format,
                             @RequestParam(defaultValue = "0") long minVersion, Caller caller) {
        requireNotNegative("minVersion", minVersion);
        boolean markdown = switch (format) {
            case "json" -> false;
            case "markdown" -> true;
            default -> throw Rejection.invalidField("format", "must be json or markdown").asQueryFailure();
        };
        SessionExport export = queries.query(new ExportSession(sessionId, caller, minVersion), SessionExport.class)
                .join();
        SessionDownload download = SessionDownload.of(export, clock.instant());
        ResponseEntity.BodyBuilder answer = ResponseEntity.ok().header(HttpHeaders.CONTENT_DISPOSITION,
                ContentDisposition.attachment().filename("workshop-" + sessionId + (markdown ? ".md" : ".json"))
                        .build().toString());
        return markdown
                ? answer.contentType(MARKDOWN).body(download.toMarkdown())
                : answer.contentType(MediaType.APPLICATION_JSON).body(download);
    }

    @Operation(summary = "Every revision of one step's response, oldest first",
            description = "kind tells a save from an undo (undoneRevision: the revision it took back) and a redo "
                    + "(redoneRevision: the revision it applied again).")
    @GetMapping("/api/sessions/{sessionId}/steps/{stepNumber}/history")
    List<StepRevision> stepHistory(@PathVariable UUID sessionId, @PathVariable int stepNumber,
                                   @RequestParam(defaultValue = "0") long minVersion, Caller caller) {
        requireNotNegative("minVersion", minVersion);
        if (stepNumber < 1) {
            throw Rejection.invalidField("stepNumber", "must be at least 1").asQueryFailure();
        }
        return queries.query(new FindStepHistory(sessionId, stepNumber, caller, minVersion),
                ResponseTypes.multipleInstancesOf(StepRevision.class)).join();
    }

    @Operation(summary = "The session's own event stream, in order, for audit",
            description = "Read from the event store itself. Pages with afterSequence and limit (1 to 1000).")
    @GetMapping("/api/sessions/{sessionId}/events")
    List<RecordedEvent> events(@PathVariable UUID sessionId,
                               @RequestParam(defaultValue = "0") long afterSequence,
                               @RequestParam(defaultValue = "" + DEFAULT_EVENT_LIMIT) int limit,
                               @RequestParam(defaultValue = "0") long minVersion, Caller caller) {
        requireNotNegative("afterSequence", afterSequence);
        requireNotNegative("minVersion", minVersion);
        if (limit < 1 || limit > MAX_EVENT_LIMIT) {
            throw Rejection.invalidField("limit", "must be between 1 and " + MAX_EVENT_LIMIT).asQueryFailure();
        }
        return queries.query(new FindSessionEvents(sessionId, caller, minVersion, afterSequence, limit),
                ResponseTypes.multipleInstancesOf(RecordedEvent.class)).join();
    }

    @Operation(summary = "The caller's sessions, newest first")
    @ApiResponse(responseCode = "403", ref = ApiDescription.FORBIDDEN)
    @ApiResponse(responseCode = "200", description = "OK", useReturnTypeSchema = true)
    @GetMapping("/api/me/sessions")
    List<ParticipantSession> mySessions(Caller caller) {
        return queries.query(new FindParticipantSessions(caller.userId()),
                ResponseTypes.multipleInstancesOf(ParticipantSession.class)).join();
    }

    private static void requireNotNegative(String parameter, long value) {
        if (value < 0) {
            throw Rejection.invalidField(parameter, "must not be negative").asQueryFailure();
        }
    }
}
