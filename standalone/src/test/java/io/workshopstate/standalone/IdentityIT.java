package io.workshopstate.standalone;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import static io.workshopstate.standalone.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** Who may do what: tokens are checked, roles are enforced, and other people's sessions stay invisible. */
class IdentityIT extends HttpIntegrationTest {

    private static final Map<String, Object> NEW_WORKSHOP = Map.of("title", "Design sprint", "stepCount", 3);

    @Autowired
    JdbcTemplate jdbc;

    StoredEvents events;
    String facilitatorId;
    String facilitator;
    String participantId;
    String participant;
    String workshopId;
    String sessionId;

    @BeforeEach
    void startSession() {
        events = new StoredEvents(jdbc);
        facilitatorId = uniqueUser("facilitator");
        facilitator = Tokens.facilitator(facilitatorId);
        participantId = uniqueUser("participant");
        participant = Tokens.participant(participantId);
        workshopId = createWorkshop(facilitator, 3);
        sessionId = startSession(participant, workshopId);
        assertThat(api.post("/api/workshop/save", participant,
                Map.of("sessionId", sessionId, "stepNumber", 1, "responseText", "mine")).status()).isEqualTo(200);
    }

    @Test
    void aRequestWithoutTokenIsUnauthenticated() {
        assertUnauthenticated(api.get("/api/me/sessions", null));
        assertUnauthenticated(api.get("/api/workshop/" + sessionId, null));
        assertUnauthenticated(api.post("/api/workshops", null, NEW_WORKSHOP));
    }

    @Test
    void aMalformedTokenIsUnauthenticated() {
        assertUnauthenticated(api.get("/api/me/sessions", "not-a-jwt"));
        assertUnauthenticated(api.get("/api/me/sessions", "eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJl"));
    }

    @Test
    void anExpiredTokenIsUnauthenticated() {
        String expired = Tokens.sign(Tokens.SECRET, participantId, List.of("participant"), Duration.ofHours(-1));

        assertUnauthenticated(api.get("/api/workshop/" + sessionId, expired));
    }

    @Test
    void aTokenSignedWithAnotherSecretIsUnauthenticatedAndWritesNothing() {
        String otherFacilitatorId = uniqueUser("facilitator");
        String forged = Tokens.sign("another-secret-of-at-least-32-bytes-length", otherFacilitatorId,
                List.of("facilitator"), Duration.ofHours(1));

        assertUnauthenticated(api.post("/api/workshops", forged, NEW_WORKSHOP));
        assertThat(events.ofTypeMentioning("WorkshopCreated", otherFacilitatorId)).isZero();
    }

    @Test
    void aSubjectOverTwoHundredFiftyFiveCharactersIsUnauthenticated() {
        String tooLong = Tokens.participant("p".repeat(256));
        String longest = Tokens.participant("q" + UUID.randomUUID() + "q".repeat(218));

        assertUnauthenticated(api.get("/api/me/sessions", tooLong));
        assertThat(api.get("/api/me/sessions", longest).status()).isEqualTo(200);
    }

    @Test
    void aParticipantMayNotCreateAWorkshop() {
        assertForbidden(api.post("/api/workshops", participant, NEW_WORKSHOP));
        assertThat(events.ofTypeMentioning("WorkshopCreated", participantId)).isZero();
    }

    @Test
    void aFacilitatorMayNotSave() {
        long before = events.of(sessionId);

        assertForbidden(api.post("/api/workshop/save", facilitator,
                Map.of("sessionId", sessionId, "stepNumber", 1, "responseText", "facilitator's words")));
        assertThat(events.of(sessionId)).isEqualTo(before);
    }

    @Test
    void aParticipantMayNotListAWorkshopsSessions() {
        assertForbidden(api.get("/api/workshops/" + workshopId + "/sessions", participant));
    }

    @Test
    void anotherFacilitatorMayNotCloseTheWorkshop() {
        long before = events.of(workshopId);

        assertForbidden(api.post("/api/workshops/" + workshopId + "/close",
                Tokens.facilitator(uniqueUser("facilitator")), Map.of()));
        assertThat(events.of(workshopId)).isEqualTo(before);
        assertThat(api.get("/api/workshops/" + workshopId, participant).text("status")).isEqualTo("active");
    }

    @Test
    void anotherFacilitatorMayNotListTheWorkshopsSessions() {
        assertForbidden(api.get("/api/workshops/" + workshopId + "/sessions",
                Tokens.facilitator(uniqueUser("facilitator"))));
    }

    @Test
    void anotherParticipantsSessionIsNotFoundExactlyLikeAMissingOne() {
        String intruder = Tokens.participant(uniqueUser("participant"));
        String missingId = UUID.randomUUID().toString();
        long before = events.of(sessionId);

        for (Function<String, ApiClient.Response> request : List.<Function<String, ApiClient.Response>>of(
                id -> api.get("/api/workshop/" + id, intruder),
                id -> api.get("/api/sessions/" + id + "/steps/1/history", intruder),
                id -> api.get("/api/sessions/" + id + "/events", intruder),
                id -> api.post("/api/workshop/save", intruder,
                        Map.of("sessionId", id, "stepNumber", 1, "responseText", "not mine")),
                id -> api.post("/api/sessions/" + id + "/chat-messages", intruder,
                        Map.of("stepNumber", 1, "role", "user", "content", "not mine")))) {
            assertAnsweredAlike(request.apply(sessionId), request.apply(missingId));
        }
        assertThat(events.of(sessionId)).isEqualTo(before);
    }

    @Test
    void anotherFacilitatorsReadOfTheSessionIsNotFoundExactlyLikeAMissingOne() {
        String otherFacilitator = Tokens.facilitator(uniqueUser("facilitator"));

        assertAnsweredAlike(api.get("/api/workshop/" + sessionId, otherFacilitator),
                api.get("/api/workshop/" + UUID.randomUUID(), otherFacilitator));
    }

    @Test
    void aTokenWithoutRolesActsAsAParticipant() {
        String userId = uniqueUser("participant");
        String withoutRoles = Tokens.sign(Tokens.SECRET, userId, null, Duration.ofHours(1));

        ApiClient.Response started = api.post("/api/workshop/session/create", withoutRoles,
                Map.of("workshopId", workshopId));

        assertThat(started.status()).as(started.rawBody()).isEqualTo(201);
        assertThat(started.text("participantId")).isEqualTo(userId);
        assertThat(api.get("/api/workshop/" + started.text("sessionId"), withoutRoles).status()).isEqualTo(200);
        assertForbidden(api.post("/api/workshops", withoutRoles, NEW_WORKSHOP));
    }

    @Test
    void anAdminCanReadAnySession() {
        String admin = Tokens.admin(uniqueUser("admin"));

        ApiClient.Response session = api.get("/api/workshop/" + sessionId, admin);

        assertThat(session.status()).as(session.rawBody()).isEqualTo(200);
        assertThat(session.text("participantId")).isEqualTo(participantId);
        assertThat(api.get("/api/sessions/" + sessionId + "/steps/1/history", admin).status()).isEqualTo(200);
        assertThat(api.get("/api/sessions/" + sessionId + "/events", admin).status()).isEqualTo(200);
        assertThat(api.get("/api/workshops/" + workshopId + "/sessions", admin).status()).isEqualTo(200);
    }

    @Test
    void theWorkshopsFacilitatorCanReadItsParticipantsSessions() {
        ApiClient.Response session = api.get("/api/workshop/" + sessionId, facilitator);
        ApiClient.Response progress = api.get("/api/workshops/" + workshopId + "/sessions", facilitator);

        assertThat(session.status()).as(session.rawBody()).isEqualTo(200);
        assertThat(session.body().get("responses").get(0).get("responseText").asString()).isEqualTo("mine");
        assertThat(api.get("/api/sessions/" + sessionId + "/steps/1/history", facilitator).status()).isEqualTo(200);
        assertThat(progress.status()).as(progress.rawBody()).isEqualTo(200);
        assertThat(progress.body().get(0).get("participantId").asString()).isEqualTo(participantId);
    }

    @Test
    void devTokensDoNotExistOutsideTheDevProfile() {
        Map<String, Object> request = Map.of("sub", "x", "roles", List.of("facilitator"));

        for (ApiClient.Response response : List.of(api.post("/dev/tokens", null, request),
                api.post("/dev/tokens", participant, request))) {
            assertThat(response.status()).as(response.rawBody()).isIn(401, 404);
            assertThat(response.body().has("token")).as(response.rawBody()).isFalse();
        }
    }

    private static void assertUnauthenticated(ApiClient.Response response) {
        assertProblem(response, 401, "unauthenticated");
    }

    private static void assertForbidden(ApiClient.Response response) {
        assertProblem(response, 403, "forbidden");
    }

    /** The caller cannot tell the hidden session from a missing one by anything but the id they sent. */
    private static void assertAnsweredAlike(ApiClient.Response hidden, ApiClient.Response missing) {
        JsonNode hiddenProblem = assertProblem(hidden, 404, "not-found");
        JsonNode missingProblem = assertProblem(missing, 404, "not-found");
        for (String member : List.of("type", "title", "status", "detail")) {
            assertThat(hiddenProblem.get(member)).as(member + " of " + hidden.rawBody() + " and " + missing.rawBody())
                    .isEqualTo(missingProblem.get(member));
        }
        assertThat(hiddenProblem.propertyNames()).as("members").containsExactlyInAnyOrderElementsOf(
                missingProblem.propertyNames());
    }
}
