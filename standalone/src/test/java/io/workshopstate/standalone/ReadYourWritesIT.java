package io.workshopstate.standalone;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** A read sent after a write was answered sees that write; one that cannot wait long enough says so. */
class ReadYourWritesIT extends HttpIntegrationTest {

    private static final String PROJECTION_BEHIND = "urn:workshop-state:problem:projection-behind";

    private String participant;
    private String sessionId;

    @BeforeEach
    void beginSessionInAFreshWorkshop() {
        participant = Tokens.participant(uniqueUser("participant"));
        sessionId = startSession(participant, createWorkshop(Tokens.facilitator(uniqueUser("facilitator")), 3));
    }

    @Test
    void aReadSentRightAfterASaveWasAnsweredReflectsIt() {
        for (int attempt = 0; attempt < 50; attempt++) {
            int step = 1 + attempt % 3;
            String text = "draft " + attempt + " of step " + step;
            ApiClient.Response saved = save(step, text);
            long version = saved.number("version");
            long revision = saved.number("revision");

            JsonNode session = get("/api/workshop/" + sessionId);
            assertThat(session.get("version").asLong()).as("attempt %d", attempt).isEqualTo(version);
            JsonNode response = responseOf(session, step);
            assertThat(response.get("responseText").asString()).as("attempt %d", attempt).isEqualTo(text);
            assertThat(response.get("revision").asLong()).as("attempt %d", attempt).isEqualTo(revision);

            JsonNode history = get("/api/sessions/" + sessionId + "/steps/" + step + "/history");
            JsonNode newest = history.get(history.size() - 1);
            assertThat(newest.get("revision").asLong()).as("attempt %d", attempt).isEqualTo(revision);
            assertThat(newest.get("responseText").asString()).as("attempt %d", attempt).isEqualTo(text);

            JsonNode events = get("/api/sessions/" + sessionId + "/events?afterSequence=" + (version - 1));
            assertThat(events.size()).as("attempt %d", attempt).isEqualTo(1);
            assertThat(events.get(0).get("sequence").asLong()).isEqualTo(version);
            assertThat(events.get(0).get("type").asString()).isEqualTo("StepResponseSaved");
            assertThat(events.get(0).get("payload").get("responseText").asString()).isEqualTo(text);
        }
    }

    @Test
    void aMinVersionEqualToTheSavesVersionAnswersWithTheSave() {
        save(1, "first");
        ApiClient.Response saved = save(1, "second");
        long version = saved.number("version");

        JsonNode session = get("/api/workshop/" + sessionId + "?minVersion=" + version);
        assertThat(session.get("version").asLong()).isEqualTo(version);
        assertThat(responseOf(session, 1).get("responseText").asString()).isEqualTo("second");

        JsonNode history = get("/api/sessions/" + sessionId + "/steps/1/history?minVersion=" + version);
        assertThat(history.values()).extracting(entry -> entry.get("responseText").asString())
                .containsExactly("first", "second");

        JsonNode events = get("/api/sessions/" + sessionId + "/events?minVersion=" + version);
        assertThat(events.get(events.size() - 1).get("sequence").asLong()).isEqualTo(version);
    }

    @Test
    void aMinVersionTheStreamHasNotReachedAnswers503WithRetryAfterNeverAnOlderDocument() {
        long version = save(1, "the only save").number("version");
        long unreachable = version + 1000;

        for (String path : List.of(
                "/api/workshop/" + sessionId + "?minVersion=" + unreachable,
                "/api/sessions/" + sessionId + "/steps/1/history?minVersion=" + unreachable,
                "/api/sessions/" + sessionId + "/events?minVersion=" + unreachable)) {
            Instant sent = Instant.now();
            ApiClient.Response behind = api.get(path, participant);

            assertThat(behind.status()).as(path + " " + behind.rawBody()).isEqualTo(503);
            assertThat(Duration.between(sent, Instant.now())).as("waits at most a few seconds")
                    .isLessThan(Duration.ofSeconds(10));
            assertThat(behind.headers().firstValue("Retry-After")).as(path).hasValueSatisfying(retryAfter ->
                    assertThat(Long.parseLong(retryAfter)).isPositive());
            assertThat(behind.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                    assertThat(type).startsWith("application/problem+json"));
            assertThat(behind.text("type")).isEqualTo(PROJECTION_BEHIND);
            assertThat(behind.body().get("status").asInt()).isEqualTo(503);
            assertThat(behind.body().has("title")).isTrue();
            assertThat(behind.body().has("detail")).isTrue();
            assertThat(behind.rawBody()).doesNotContain("the only save");
        }
        assertThat(get("/api/workshop/" + sessionId).get("version").asLong()).isEqualTo(version);
    }

    @Test
    void aMinVersionOnAnotherParticipantsSessionAnswers404NotAWait() {
        long version = save(1, "mine").number("version");
        String intruder = Tokens.participant(uniqueUser("participant"));

        ApiClient.Response answer = api.get("/api/workshop/" + sessionId + "?minVersion=" + (version + 1000), intruder);

        assertThat(answer.status()).as(answer.rawBody()).isEqualTo(404);
    }

    /** Message ids sorted backwards, so an order by id could not pass for the order of appending. */
    @Test
    void aSessionReadRightAfterItsWorkshopWasClosedShowsTheWorkshopClosed() {
        String facilitator = Tokens.facilitator(uniqueUser("facilitator"));
        for (int attempt = 0; attempt < 10; attempt++) {
            String workshopId = createWorkshop(facilitator, 2);
            String ownSession = startSession(participant, workshopId);

            ApiClient.Response closed = api.post("/api/workshops/" + workshopId + "/close", facilitator, Map.of());

            assertThat(closed.status()).isEqualTo(200);
            assertThat(get("/api/workshop/" + ownSession).get("workshopStatus").asString()).isEqualTo("closed");
        }
    }

    @Test
    void chatMessagesAppearInTheOrderTheyWereAppended() {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            ids.add(UUID.randomUUID());
        }
        ids.sort(Comparator.reverseOrder());
        List<Map<String, Object>> appended = new ArrayList<>();
        long previousVersion = 0;
        for (int i = 0; i < 8; i++) {
            Map<String, Object> message = new HashMap<>(Map.of(
                    "stepNumber", 3 - i % 3,
                    "role", i % 2 == 0 ? "user" : "assistant",
                    "content", "message " + i));
            if (i < ids.size()) {
                message.put("messageId", ids.get(i).toString());
            }
            ApiClient.Response answer = api.post("/api/sessions/" + sessionId + "/chat-messages", participant, message);
            assertThat(answer.status()).as(answer.rawBody()).isEqualTo(201);
            if (message.containsKey("messageId")) {
                assertThat(answer.text("messageId")).isEqualTo(message.get("messageId"));
            } else {
                message.put("messageId", UUID.fromString(answer.text("messageId")).toString());
            }
            assertThat(answer.number("version")).isGreaterThan(previousVersion);
            previousVersion = answer.number("version");
            appended.add(message);

            JsonNode chat = get("/api/workshop/" + sessionId).get("chatMessages");
            assertThat(chat.size()).as("right after message %d", i).isEqualTo(appended.size());
            for (int j = 0; j < appended.size(); j++) {
                JsonNode shown = chat.get(j);
                Map<String, Object> expected = appended.get(j);
                assertThat(shown.get("messageId").asString()).as("message at %d", j).isEqualTo(expected.get("messageId"));
                assertThat(shown.get("content").asString()).isEqualTo(expected.get("content"));
                assertThat(shown.get("role").asString()).isEqualTo(expected.get("role"));
                assertThat(shown.get("stepNumber").asInt()).isEqualTo(expected.get("stepNumber"));
            }
        }
        JsonNode chat = get("/api/workshop/" + sessionId).get("chatMessages");
        List<Instant> timestamps = chat.values().stream().map(m -> Instant.parse(m.get("timestamp").asString())).toList();
        assertThat(timestamps).isSorted();
    }

    @Test
    void theSameMessageIdPostedTwiceIsAnsweredAlikeAndStoredOnce() {
        String messageId = UUID.randomUUID().toString();
        Map<String, Object> message = Map.of("messageId", messageId, "stepNumber", 2, "role", "user",
                "content", "What is a point-of-view statement?");

        ApiClient.Response first = api.post("/api/sessions/" + sessionId + "/chat-messages", participant, message);
        ApiClient.Response retried = api.post("/api/sessions/" + sessionId + "/chat-messages", participant, message);
        ApiClient.Response changed = api.post("/api/sessions/" + sessionId + "/chat-messages", participant,
                Map.of("messageId", messageId, "stepNumber", 2, "role", "user", "content", "a different text"));

        assertThat(first.status()).as(first.rawBody()).isEqualTo(201);
        assertThat(first.text("messageId")).isEqualTo(messageId);
        for (ApiClient.Response again : List.of(retried, changed)) {
            assertThat(again.status()).as(again.rawBody()).isEqualTo(200);
            assertThat(again.text("messageId")).isEqualTo(messageId);
            assertThat(again.number("version")).isEqualTo(first.number("version"));
        }
        JsonNode session = get("/api/workshop/" + sessionId);
        assertThat(session.get("version").asLong()).isEqualTo(first.number("version"));
        assertThat(session.get("chatMessages").values())
                .extracting(shown -> shown.get("messageId").asString() + " " + shown.get("content").asString())
                .containsExactly(messageId + " What is a point-of-view statement?");
        assertThat(get("/api/sessions/" + sessionId + "/events").values())
                .filteredOn(event -> event.get("type").asString().equals("ChatMessageAppended"))
                .hasSize(1);
    }

    private ApiClient.Response save(int step, String text) {
        ApiClient.Response saved = api.post("/api/workshop/save", participant,
                Map.of("sessionId", sessionId, "stepNumber", step, "responseText", text));
        assertThat(saved.status()).as(saved.rawBody()).isEqualTo(200);
        return saved;
    }

    private JsonNode get(String path) {
        ApiClient.Response response = api.get(path, participant);
        assertThat(response.status()).as(path + " " + response.rawBody()).isEqualTo(200);
        return response.body();
    }

    private static JsonNode responseOf(JsonNode session, int step) {
        return session.get("responses").values().stream()
                .filter(response -> response.get("stepNumber").asInt() == step)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no response for step " + step + " in " + session));
    }
}
