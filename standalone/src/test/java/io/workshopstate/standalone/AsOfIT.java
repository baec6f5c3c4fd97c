package io.workshopstate.standalone;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code ?asOf=} answers the session as it stood at that instant, replayed from its events. */
class AsOfIT extends HttpIntegrationTest {

    private record Moment(Instant at, JsonNode document) {
    }

    @Test
    void eachAnswerAsOfAMomentEqualsTheDocumentAsItWasThen() throws InterruptedException {
        String facilitator = Tokens.facilitator(uniqueUser("facilitator"));
        String participant = Tokens.participant(uniqueUser("participant"));
        String workshopId = createWorkshop(facilitator, 3);
        String sessionId = startSession(participant, workshopId);
        List<Moment> moments = new ArrayList<>();
        moments.add(momentAfter(sessionId, participant));

        List<Map<String, Object>> writes = List.of(
                save(sessionId, 1, "first idea", null),
                save(sessionId, 1, "better idea", 2),
                save(sessionId, 2, "prototype", null),
                chat(sessionId, 2, "How do I test it?"),
                save(sessionId, 2, "prototype on paper", 3));
        for (Map<String, Object> write : writes) {
            String path = (String) write.remove("path");
            ApiClient.Response answer = api.post(path, participant, write);
            assertThat(answer.status()).as(answer.rawBody()).isIn(200, 201);
            moments.add(momentAfter(sessionId, participant));
        }
        api.post("/api/workshops/" + workshopId + "/close", facilitator, Map.of());
        moments.add(momentAfter(sessionId, participant));

        for (Moment moment : moments) {
            ApiClient.Response replayed = api.get("/api/workshop/" + sessionId + "?asOf=" + moment.at(), participant);
            assertThat(replayed.status()).as(replayed.rawBody()).isEqualTo(200);
            assertThat(replayed.body()).as("as of " + moment.at()).isEqualTo(moment.document());
        }
        assertThat(moments.get(0).document().get("responses")).isEmpty();
        assertThat(moments.get(moments.size() - 1).document().get("workshopStatus").asString()).isEqualTo("closed");
    }

    @Test
    void beforeTheSessionStartedThereIsNoSessionToShow() {
        String participant = Tokens.participant(uniqueUser("participant"));
        Instant beforeStart = Instant.now().minusSeconds(60);
        String sessionId = startSession(participant, createWorkshop(Tokens.facilitator(uniqueUser("facilitator")), 2));

        ApiClient.Response replayed = api.get("/api/workshop/" + sessionId + "?asOf=" + beforeStart, participant);

        assertThat(replayed.status()).isEqualTo(404);
    }

    @Test
    void anotherParticipantCannotReplayTheSessionAndABadInstantIsRefused() {
        String participant = Tokens.participant(uniqueUser("participant"));
        String sessionId = startSession(participant, createWorkshop(Tokens.facilitator(uniqueUser("facilitator")), 2));
        String now = Instant.now().toString();

        ApiClient.Response intruder = api.get("/api/workshop/" + sessionId + "?asOf=" + now,
                Tokens.participant(uniqueUser("participant")));
        ApiClient.Response missing = api.get("/api/workshop/" + UUID.randomUUID() + "?asOf=" + now, participant);
        ApiClient.Response malformed = api.get("/api/workshop/" + sessionId + "?asOf=yesterday", participant);

        assertThat(intruder.status()).isEqualTo(404);
        assertThat(intruder.body().get("detail")).isEqualTo(missing.body().get("detail"));
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.body().get("errors").get(0).get("field").asString()).isEqualTo("asOf");
    }

    /** The live document right after a write, and an instant that lies after it and before the next write. */
    private Moment momentAfter(String sessionId, String token) throws InterruptedException {
        JsonNode document = api.get("/api/workshop/" + sessionId, token).body();
        Thread.sleep(5);
        Instant at = Instant.now();
        Thread.sleep(5);
        return new Moment(at, document);
    }

    private static Map<String, Object> save(String sessionId, int step, String text, Integer currentStep) {
        Map<String, Object> body = new LinkedHashMap<>(Map.of("path", "/api/workshop/save", "sessionId", sessionId,
                "stepNumber", step, "responseText", text));
        if (currentStep != null) {
            body.put("currentStep", currentStep);
        }
        return body;
    }

    private static Map<String, Object> chat(String sessionId, int step, String content) {
        return new LinkedHashMap<>(Map.of("path", "/api/sessions/" + sessionId + "/chat-messages",
                "stepNumber", step, "role", "user", "content", content));
    }
}
