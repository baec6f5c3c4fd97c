package io.workshopstate.standalone;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A participant takes their whole workshop away: every step in order, with the chat held on it. */
class ExportIT extends HttpIntegrationTest {

    private final String facilitator = Tokens.facilitator(uniqueUser("facilitator"));
    private final String participantId = uniqueUser("participant");
    private final String participant = Tokens.participant(participantId);

    private String workshopSession() {
        String sessionId = startSession(participant, createWorkshop(facilitator, 3));
        post("/api/workshop/save", Map.of("sessionId", sessionId, "stepNumber", 3,
                "responseText", "Test with five users"));
        post("/api/workshop/save", Map.of("sessionId", sessionId, "stepNumber", 1, "responseText", "Users lose work"));
        post("/api/sessions/" + sessionId + "/chat-messages", Map.of("stepNumber", 1, "role", "user",
                "content", "Is this the real problem?"));
        post("/api/sessions/" + sessionId + "/chat-messages", Map.of("stepNumber", 3, "role", "assistant",
                "content", "Try a paper prototype first."));
        post("/api/sessions/" + sessionId + "/chat-messages", Map.of("stepNumber", 1, "role", "assistant",
                "content", "Ask five users."));
        return sessionId;
    }

    @Test
    void jsonHasEveryStepInOrderWithItsChat() {
        String sessionId = workshopSession();

        ApiClient.Response export = api.get("/api/workshop/" + sessionId + "/export?format=json", participant);

        assertThat(export.status()).as(export.rawBody()).isEqualTo(200);
        assertThat(export.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertThat(export.headers().firstValue("Content-Disposition").orElse(""))
                .isEqualTo("attachment; filename=\"workshop-" + sessionId + ".json\"");
        JsonNode body = export.body();
        assertThat(body.get("sessionId").asString()).isEqualTo(sessionId);
        assertThat(body.get("workshopTitle").asString()).isEqualTo("Design sprint");
        assertThat(body.get("participantId").asString()).isEqualTo(participantId);
        assertThat(body.get("version").asLong()).isEqualTo(6);
        JsonNode steps = body.get("steps");
        assertThat(steps).hasSize(3);
        assertThat(steps.get(0).get("stepNumber").asInt()).isEqualTo(1);
        assertThat(steps.get(0).get("responseText").asString()).isEqualTo("Users lose work");
        assertThat(steps.get(0).get("chatMessages")).hasSize(2);
        assertThat(steps.get(0).get("chatMessages").get(0).get("content").asString())
                .isEqualTo("Is this the real problem?");
        assertThat(steps.get(0).get("chatMessages").get(1).get("role").asString()).isEqualTo("assistant");
        assertThat(steps.get(1).get("stepNumber").asInt()).isEqualTo(2);
        assertThat(steps.get(1).get("responseText").isNull()).isTrue();
        assertThat(steps.get(1).get("chatMessages")).isEmpty();
        assertThat(steps.get(2).get("responseText").asString()).isEqualTo("Test with five users");
        assertThat(steps.get(2).get("chatMessages").get(0).get("content").asString())
                .isEqualTo("Try a paper prototype first.");
    }

    @Test
    void markdownIsADocumentToReadWithTheStepsInOrder() {
        String sessionId = workshopSession();

        ApiClient.Response export = api.get("/api/workshop/" + sessionId + "/export?format=markdown", participant);

        assertThat(export.status()).as(export.rawBody()).isEqualTo(200);
        assertThat(export.headers().firstValue("Content-Type").orElse("")).startsWith("text/markdown");
        assertThat(export.headers().firstValue("Content-Disposition").orElse(""))
                .isEqualTo("attachment; filename=\"workshop-" + sessionId + ".md\"");
        String markdown = export.rawBody();
        assertThat(markdown).startsWith("# Design sprint\n");
        assertThat(markdown).contains("- Participant: " + participantId);
        assertThat(markdown).containsSubsequence("## Step 1", "Users lose work", "### Chat",
                "**user**", "Is this the real problem?", "**assistant**", "Ask five users.",
                "## Step 2", "_No response._",
                "## Step 3", "Test with five users", "### Chat", "**assistant**", "Try a paper prototype first.");
    }

    @Test
    void theDefaultIsJsonAndOnlyThoseWhoMayReadTheSessionMayExportIt() {
        String sessionId = workshopSession();

        ApiClient.Response byDefault = api.get("/api/workshop/" + sessionId + "/export", participant);
        ApiClient.Response byFacilitator = api.get("/api/workshop/" + sessionId + "/export", facilitator);
        ApiClient.Response byStranger = api.get("/api/workshop/" + sessionId + "/export",
                Tokens.participant(uniqueUser("participant")));
        ApiClient.Response unknownFormat = api.get("/api/workshop/" + sessionId + "/export?format=pdf", participant);

        assertThat(byDefault.status()).isEqualTo(200);
        assertThat(byDefault.body().get("steps")).hasSize(3);
        assertThat(byFacilitator.status()).isEqualTo(200);
        assertThat(byStranger.status()).isEqualTo(404);
        assertThat(unknownFormat.status()).isEqualTo(400);
        assertThat(unknownFormat.body().get("errors").get(0).get("field").asString()).isEqualTo("format");
    }

    private void post(String path, Map<String, Object> body) {
        ApiClient.Response answer = api.post(path, participant, body);
        assertThat(answer.status()).as(answer.rawBody()).isIn(200, 201);
    }
}
