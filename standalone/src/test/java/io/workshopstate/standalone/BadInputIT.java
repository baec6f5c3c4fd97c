package io.workshopstate.standalone;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

import static io.workshopstate.standalone.Problems.assertInvalidField;
import static io.workshopstate.standalone.Problems.assertProblem;
import static io.workshopstate.standalone.Problems.fieldsNamedIn;
import static org.assertj.core.api.Assertions.assertThat;

/** Every refused request answers with its own problem type and leaves the event store as it was. */
class BadInputIT extends HttpIntegrationTest {

    private static final int STEP_COUNT = 3;
    private static final int ONE_MIB = 1024 * 1024;

    @Autowired
    JdbcTemplate jdbc;

    StoredEvents events;
    String facilitator;
    String participant;
    String participantId;
    String workshopId;
    String sessionId;

    @BeforeEach
    void startSession() {
        events = new StoredEvents(jdbc);
        facilitator = Tokens.facilitator(uniqueUser("facilitator"));
        participantId = uniqueUser("participant");
        participant = Tokens.participant(participantId);
        workshopId = createWorkshop(facilitator, STEP_COUNT);
        sessionId = startSession(participant, workshopId);
    }

    @Test
    void malformedJsonIsRefusedAsMalformed() {
        ApiClient.Response response = refusedWithoutWriting(() -> api.post("/api/workshop/save", participant,
                "{\"sessionId\": \"" + sessionId + "\", \"stepNumber\": 1, \"responseText\": \"unterminated"));

        assertThat(fieldsNamedIn(assertProblem(response, 400, "malformed-json"))).containsExactly("body");
    }

    @Test
    void anEmptyBodyIsRefusedAsMalformed() {
        ApiClient.Response response = refusedWithoutWriting(() -> api.post("/api/workshop/save", participant, ""));

        assertThat(fieldsNamedIn(assertProblem(response, 400, "malformed-json"))).containsExactly("body");
    }

    @Test
    void aSaveWithoutSessionIdNamesTheField() {
        assertInvalidField(refusedWithoutWriting(() -> api.post("/api/workshop/save", participant,
                Map.of("stepNumber", 1, "responseText", "idea"))), "sessionId");
    }

    @Test
    void aSaveWithoutStepNumberNamesTheField() {
        assertInvalidField(refusedWithoutWriting(() -> api.post("/api/workshop/save", participant,
                Map.of("sessionId", sessionId, "responseText", "idea"))), "stepNumber");
    }

    @Test
    void aSaveWithoutResponseTextNamesTheField() {
        assertInvalidField(refusedWithoutWriting(() -> api.post("/api/workshop/save", participant,
                Map.of("sessionId", sessionId, "stepNumber", 1))), "responseText");
    }

    @Test
    void aNewSessionWithoutWorkshopIdNamesTheField() {
        String newcomerId = uniqueUser("participant");

        ApiClient.Response response = api.post("/api/workshop/session/create", Tokens.participant(newcomerId),
                Map.of());

        assertInvalidField(response, "workshopId");
        assertThat(events.ofTypeMentioning("SessionStarted", newcomerId)).isZero();
    }

    @Test
    void stepNumberZeroIsOutOfRange() {
        assertInvalidField(refusedWithoutWriting(() -> save(Map.of("stepNumber", 0))), "stepNumber");
    }

    @Test
    void stepNumberAboveTheWorkshopsStepCountIsOutOfRange() {
        assertInvalidField(refusedWithoutWriting(() -> save(Map.of("stepNumber", STEP_COUNT + 1))), "stepNumber");
    }

    @Test
    void currentStepZeroIsOutOfRange() {
        assertInvalidField(refusedWithoutWriting(() -> save(Map.of("currentStep", 0))), "currentStep");
    }

    @Test
    void currentStepAboveTheWorkshopsStepCountIsOutOfRangeAndNothingOfTheSaveIsKept() {
        assertInvalidField(refusedWithoutWriting(() -> save(Map.of("responseText", "kept?", "currentStep", STEP_COUNT + 1))),
                "currentStep");
    }

    @Test
    void theLastStepIsInRange() {
        assertThat(save(Map.of("stepNumber", STEP_COUNT, "currentStep", STEP_COUNT)).status()).isEqualTo(200);
    }

    @Test
    void aResponseTextOverOneHundredThousandCharactersIsRefused() {
        assertInvalidField(refusedWithoutWriting(() -> save(Map.of("responseText", "x".repeat(100_001)))),
                "responseText");
    }

    @Test
    void aResponseTextOfExactlyOneHundredThousandCharactersIsSaved() {
        assertThat(save(Map.of("responseText", "x".repeat(100_000))).status()).isEqualTo(200);
    }

    @Test
    void aBodyOverOneMebibyteWithContentLengthIsTooLarge() {
        String body = saveBodyOfAtLeast(ONE_MIB + 1);

        ApiClient.Response response = refusedWithoutWriting(() -> api.post("/api/workshop/save", participant, body));

        assertProblem(response, 413, "payload-too-large");
    }

    @Test
    void aChunkedBodyOverOneMebibyteIsTooLarge() {
        byte[] body = saveBodyOfAtLeast(ONE_MIB + 1).getBytes(StandardCharsets.UTF_8);

        ApiClient.Response response = refusedWithoutWriting(() ->
                api.postChunked("/api/workshop/save", participant, "application/json", body));

        assertProblem(response, 413, "payload-too-large");
    }

    @Test
    void aBodyThatIsNotJsonIsAnUnsupportedMediaType() {
        String json = "{\"sessionId\": \"" + sessionId + "\", \"stepNumber\": 1, \"responseText\": \"idea\"}";

        ApiClient.Response response = refusedWithoutWriting(() ->
                api.postRaw("/api/workshop/save", participant, "text/plain", json));

        assertProblem(response, 415, "unsupported-media-type");
    }

    @Test
    void aBadUuidInTheBodyNamesTheField() {
        assertInvalidField(refusedWithoutWriting(() -> save(Map.of("sessionId", "not-a-uuid"))), "sessionId");
    }

    @Test
    void aBadUuidInThePathNamesTheParameter() {
        assertInvalidField(api.get("/api/workshop/not-a-uuid", participant), "sessionId");
        assertInvalidField(refusedWithoutWriting(() -> api.post("/api/sessions/not-a-uuid/chat-messages", participant,
                Map.of("stepNumber", 1, "role", "user", "content", "hello"))), "sessionId");
        assertInvalidField(api.post("/api/workshops/not-a-uuid/close", facilitator, Map.of()), "workshopId");
    }

    @Test
    void anUnknownChatRoleIsRefused() {
        assertInvalidField(refusedWithoutWriting(() -> chat(Map.of("role", "system"))), "role");
    }

    @Test
    void emptyChatContentIsRefused() {
        assertInvalidField(refusedWithoutWriting(() -> chat(Map.of("content", ""))), "content");
    }

    @Test
    void chatContentOverThirtyTwoThousandCharactersIsRefused() {
        assertInvalidField(refusedWithoutWriting(() -> chat(Map.of("content", "y".repeat(32_001)))), "content");
    }

    @Test
    void chatContentOfExactlyThirtyTwoThousandCharactersIsAppended() {
        assertThat(chat(Map.of("content", "y".repeat(32_000))).status()).isEqualTo(201);
    }

    @Test
    void aChatMessageForAStepOutsideTheWorkshopIsRefused() {
        assertInvalidField(refusedWithoutWriting(() -> chat(Map.of("stepNumber", STEP_COUNT + 1))), "stepNumber");
    }

    @Test
    void aChatMessageWithABadMessageIdNamesTheField() {
        assertInvalidField(refusedWithoutWriting(() -> chat(Map.of("messageId", "42"))), "messageId");
    }

    @Test
    void anEventsLimitOutsideOneToOneThousandIsRefused() {
        assertInvalidField(api.get("/api/sessions/" + sessionId + "/events?limit=0", participant), "limit");
        assertInvalidField(api.get("/api/sessions/" + sessionId + "/events?limit=1001", participant), "limit");
        assertInvalidField(api.get("/api/sessions/" + sessionId + "/events?limit=many", participant), "limit");
        assertThat(api.get("/api/sessions/" + sessionId + "/events?limit=1000", participant).status()).isEqualTo(200);
    }

    @Test
    void aStaleExpectedRevisionConflictsAndShowsTheCurrentText() {
        save(Map.of("responseText", "first"));
        save(Map.of("responseText", "second"));

        ApiClient.Response response = refusedWithoutWriting(() ->
                save(Map.of("responseText", "third", "expectedRevision", 1, "currentStep", 2)));

        JsonNode problem = assertProblem(response, 409, "stale-revision");
        assertThat(problem.path("currentRevision").asLong()).isEqualTo(2);
        assertThat(problem.path("currentText").asString()).isEqualTo("second");
    }

    @Test
    void anExpectedRevisionOfAStepNeverSavedConflictsWithRevisionZero() {
        ApiClient.Response response = refusedWithoutWriting(() ->
                save(Map.of("stepNumber", 2, "expectedRevision", 1)));

        JsonNode problem = assertProblem(response, 409, "stale-revision");
        assertThat(problem.path("currentRevision").asLong()).isZero();
        assertThat(problem.has("currentText")).as(problem.toString()).isTrue();
        assertThat(problem.get("currentText").isNull()).as(problem.toString()).isTrue();
    }

    @Test
    void aClosedWorkshopRefusesSavesChatAndNewSessionsAsClosedNotStale() {
        save(Map.of("responseText", "before closing"));
        ApiClient.Response closed = api.post("/api/workshops/" + workshopId + "/close", facilitator, Map.of());
        assertThat(closed.status()).as(closed.rawBody()).isEqualTo(200);
        String latecomerId = uniqueUser("participant");

        ApiClient.Response saveAfterClose = refusedWithoutWriting(() -> save(Map.of("responseText", "after closing")));
        ApiClient.Response revisedSaveAfterClose = refusedWithoutWriting(() ->
                save(Map.of("responseText", "after closing", "expectedRevision", 1)));
        ApiClient.Response chatAfterClose = refusedWithoutWriting(() -> chat(Map.of()));
        ApiClient.Response newSession = api.post("/api/workshop/session/create", Tokens.participant(latecomerId),
                Map.of("workshopId", workshopId));

        assertProblem(saveAfterClose, 409, "workshop-closed");
        assertProblem(revisedSaveAfterClose, 409, "workshop-closed");
        assertProblem(chatAfterClose, 409, "workshop-closed");
        assertProblem(newSession, 409, "workshop-closed");
        assertThat(events.ofTypeMentioning("SessionStarted", latecomerId)).isZero();
    }

    @Test
    void aWorkshopTitleMustHaveOneToTwoHundredCharacters() {
        assertRefusedWorkshop(Map.of("title", "", "stepCount", 3), "title");
        assertRefusedWorkshop(Map.of("title", "t".repeat(201), "stepCount", 3), "title");
        assertRefusedWorkshop(Map.of("stepCount", 3), "title");
        assertThat(api.post("/api/workshops", facilitator, Map.of("title", "t".repeat(200), "stepCount", 3)).status())
                .isEqualTo(201);
    }

    @Test
    void aWorkshopMustHaveOneToOneHundredSteps() {
        assertRefusedWorkshop(Map.of("title", "Sprint", "stepCount", 0), "stepCount");
        assertRefusedWorkshop(Map.of("title", "Sprint", "stepCount", 101), "stepCount");
        assertRefusedWorkshop(Map.of("title", "Sprint"), "stepCount");
        assertRefusedWorkshop(Map.of("title", "Sprint", "stepCount", "three"), "stepCount");
        assertThat(api.post("/api/workshops", facilitator, Map.of("title", "Sprint", "stepCount", 100)).status())
                .isEqualTo(201);
    }

    /** A valid save of step 1 with {@code overrides} applied. */
    private ApiClient.Response save(Map<String, Object> overrides) {
        Map<String, Object> body = new HashMap<>(Map.of("sessionId", sessionId, "stepNumber", 1, "responseText", "idea"));
        body.putAll(overrides);
        return api.post("/api/workshop/save", participant, body);
    }

    /** A valid chat message of step 1 with {@code overrides} applied. */
    private ApiClient.Response chat(Map<String, Object> overrides) {
        Map<String, Object> body = new HashMap<>(Map.of("stepNumber", 1, "role", "user", "content", "hello"));
        body.putAll(overrides);
        return api.post("/api/sessions/" + sessionId + "/chat-messages", participant, body);
    }

    /** Sends the request and checks that the session's event stream did not grow. */
    private ApiClient.Response refusedWithoutWriting(Supplier<ApiClient.Response> request) {
        long before = events.of(sessionId);
        ApiClient.Response response = request.get();
        assertThat(events.of(sessionId)).as("events in the session after " + response.status()).isEqualTo(before);
        return response;
    }

    private void assertRefusedWorkshop(Map<String, Object> body, String field) {
        String facilitatorId = uniqueUser("facilitator");

        ApiClient.Response response = api.post("/api/workshops", Tokens.facilitator(facilitatorId), body);

        assertInvalidField(response, field);
        assertThat(events.ofTypeMentioning("WorkshopCreated", facilitatorId)).isZero();
    }

    /** A valid save whose response text makes the whole body at least {@code bytes} long. */
    private String saveBodyOfAtLeast(int bytes) {
        return "{\"sessionId\": \"" + sessionId + "\", \"stepNumber\": 1, \"responseText\": \""
                + "z".repeat(bytes) + "\"}";
    }
}
