package io.workshopstate.standalone;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SmokeIT extends HttpIntegrationTest {

    @Test
    void aSavedResponseIsInTheSessionDocument() {
        String facilitator = Tokens.facilitator(uniqueUser("facilitator"));
        String participant = Tokens.participant(uniqueUser("participant"));
        String sessionId = startSession(participant, createWorkshop(facilitator, 3));

        ApiClient.Response saved = api.post("/api/workshop/save", participant,
                Map.of("sessionId", sessionId, "stepNumber", 1, "responseText", "first idea"));
        ApiClient.Response session = api.get("/api/workshop/" + sessionId, participant);

        assertThat(saved.status()).isEqualTo(200);
        assertThat(session.body().get("responses").get(0).get("responseText").asString()).isEqualTo("first idea");
    }
}
