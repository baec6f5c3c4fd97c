package io.workshopstate.standalone;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The four "Key Test Cases" of seed 004, end to end over HTTP. */
class SeedScenariosIT extends HttpIntegrationTest {

    private static final String NOT_FOUND = "urn:workshop-state:problem:not-found";

    @Test
    void aSavedResponseIsStillThereAfterNavigatingAwayAndReturning() {
        String participant = Tokens.participant(uniqueUser("participant"));
        String sessionId = startSession(participant, createWorkshop(Tokens.facilitator(uniqueUser("facilitator")), 5));

        ApiClient.Response draft = save(participant, sessionId, 1, "How might we shorten the queue?", null);
        ApiClient.Response next = save(participant, sessionId, 1, "How might we make waiting pleasant?", 2);
        save(participant, sessionId, 2, "Interview three people in the queue", 3);
        ApiClient.Response away = save(participant, sessionId, 3, "A queue that texts you", 4);

        assertThat(draft.number("revision")).isEqualTo(1);
        assertThat(next.number("revision")).isEqualTo(2);
        assertThat(next.number("currentStep")).isEqualTo(2);
        assertThat(away.number("currentStep")).isEqualTo(4);

        JsonNode returned = session(participant, sessionId);
        assertThat(returned.get("currentStep").asInt()).isEqualTo(4);
        assertThat(returned.get("version").asLong()).isEqualTo(away.number("version"));
        assertThat(responsesByStep(returned)).containsExactly(
                Map.entry(1, "How might we make waiting pleasant?"),
                Map.entry(2, "Interview three people in the queue"),
                Map.entry(3, "A queue that texts you"));
        assertThat(revisionsByStep(returned)).containsExactly(Map.entry(1, 2L), Map.entry(2, 1L), Map.entry(3, 1L));

        ApiClient.Response backToStepOne = save(participant, sessionId, 1, "How might we make waiting pleasant?", 1);
        assertThat(backToStepOne.number("revision")).as("an unchanged auto-save makes no new revision").isEqualTo(2);
        JsonNode atStepOne = session(participant, sessionId);
        assertThat(atStepOne.get("currentStep").asInt()).isEqualTo(1);
        assertThat(revisionsByStep(atStepOne)).containsEntry(1, 2L);
        assertThat(texts(history(participant, sessionId, 1)))
                .containsExactly("How might we shorten the queue?", "How might we make waiting pleasant?");
    }

    @Test
    void aNewTokenForTheSameUserResumesTheSameSessionWhereTheyLeftOff() {
        String facilitator = Tokens.facilitator(uniqueUser("facilitator"));
        String userId = uniqueUser("participant");
        String firstBrowser = Tokens.participant(userId);
        String earlierWorkshop = createWorkshop(facilitator, 3);
        String earlierSession = startSession(firstBrowser, earlierWorkshop);
        String workshopId = createWorkshop(facilitator, 6);

        ApiClient.Response created = api.post("/api/workshop/session/create", firstBrowser, Map.of("workshopId", workshopId));
        assertThat(created.status()).as(created.rawBody()).isEqualTo(201);
        String sessionId = created.text("sessionId");
        save(firstBrowser, sessionId, 1, "Empathy map: tired commuters", 2);
        save(firstBrowser, sessionId, 2, "They want certainty, not speed", 3);
        ApiClient.Response lastSave = save(firstBrowser, sessionId, 3, "Point of view, half written", null);

        String reopenedBrowser = Tokens.sign(Tokens.SECRET, userId, List.of("participant"), Duration.ofHours(2));
        assertThat(reopenedBrowser).isNotEqualTo(firstBrowser);

        ApiClient.Response resumed = api.post("/api/workshop/session/create", reopenedBrowser,
                Map.of("workshopId", workshopId));
        assertThat(resumed.status()).as(resumed.rawBody()).isEqualTo(200);
        assertThat(resumed.text("sessionId")).isEqualTo(sessionId);
        assertThat(resumed.text("workshopId")).isEqualTo(workshopId);
        assertThat(resumed.text("participantId")).isEqualTo(userId);
        assertThat(resumed.number("stepCount")).isEqualTo(6);
        assertThat(resumed.number("currentStep")).isEqualTo(3);
        assertThat(resumed.number("version")).isEqualTo(lastSave.number("version"));

        ApiClient.Response mine = api.get("/api/me/sessions", reopenedBrowser);
        assertThat(mine.status()).as(mine.rawBody()).isEqualTo(200);
        assertThat(mine.body().values()).extracting(entry -> entry.get("sessionId").asString())
                .as("newest first, and never a second session in the same workshop")
                .containsExactly(sessionId, earlierSession);
        assertThat(mine.body().get(0).get("workshopId").asString()).isEqualTo(workshopId);
        assertThat(mine.body().get(0).get("currentStep").asInt()).isEqualTo(3);

        JsonNode document = session(reopenedBrowser, sessionId);
        assertThat(document.get("currentStep").asInt()).isEqualTo(3);
        assertThat(document.get("participantId").asString()).isEqualTo(userId);
        assertThat(responsesByStep(document)).containsExactly(
                Map.entry(1, "Empathy map: tired commuters"),
                Map.entry(2, "They want certainty, not speed"),
                Map.entry(3, "Point of view, half written"));

        ApiClient.Response progress = api.get("/api/workshops/" + workshopId + "/sessions", facilitator);
        assertThat(progress.status()).as(progress.rawBody()).isEqualTo(200);
        assertThat(progress.body().values()).extracting(entry -> entry.get("sessionId").asString())
                .containsExactly(sessionId);
    }

    @Test
    void participantsOfOneWorkshopEachHaveTheirOwnSessionAndCannotReachAnothers() {
        String facilitator = Tokens.facilitator(uniqueUser("facilitator"));
        String workshopId = createWorkshop(facilitator, 4);
        List<String> userIds = List.of(uniqueUser("participant"), uniqueUser("participant"), uniqueUser("participant"));
        List<String> tokens = userIds.stream().map(Tokens::participant).toList();
        List<String> sessionIds = new ArrayList<>();
        for (String token : tokens) {
            ApiClient.Response created = api.post("/api/workshop/session/create", token, Map.of("workshopId", workshopId));
            assertThat(created.status()).as(created.rawBody()).isEqualTo(201);
            sessionIds.add(created.text("sessionId"));
        }
        assertThat(new HashSet<>(sessionIds)).hasSize(3);
        for (int participant = 0; participant < 3; participant++) {
            for (int step = 1; step <= participant + 1; step++) {
                save(tokens.get(participant), sessionIds.get(participant), step, textOf(userIds.get(participant), step),
                        step + 1);
            }
        }

        for (int participant = 0; participant < 3; participant++) {
            JsonNode own = session(tokens.get(participant), sessionIds.get(participant));
            assertThat(own.get("participantId").asString()).isEqualTo(userIds.get(participant));
            String ownPrefix = userIds.get(participant) + ":";
            assertThat(responsesByStep(own).values()).hasSize(participant + 1)
                    .allMatch(text -> text.startsWith(ownPrefix));
            ApiClient.Response mine = api.get("/api/me/sessions", tokens.get(participant));
            assertThat(mine.body().values()).extracting(entry -> entry.get("sessionId").asString())
                    .containsExactly(sessionIds.get(participant));
        }

        String intruder = tokens.get(0);
        String victimSession = sessionIds.get(1);
        long victimVersion = session(tokens.get(1), victimSession).get("version").asLong();
        List<ApiClient.Response> intrusions = intrusionsInto(victimSession, intruder);
        List<ApiClient.Response> missing = intrusionsInto(UUID.randomUUID().toString(), intruder);
        for (int attempt = 0; attempt < intrusions.size(); attempt++) {
            ApiClient.Response intrusion = intrusions.get(attempt);
            assertThat(intrusion.status()).as(intrusion.rawBody()).isEqualTo(404);
            assertThat(intrusion.text("type")).isEqualTo(NOT_FOUND);
            assertThat(intrusion.rawBody()).doesNotContain(userIds.get(1));
            assertThat(problemOf(intrusion)).as("another's session answers exactly like one that does not exist")
                    .isEqualTo(problemOf(missing.get(attempt)));
        }
        JsonNode victim = session(tokens.get(1), victimSession);
        assertThat(victim.get("version").asLong()).as("a rejected intrusion writes nothing").isEqualTo(victimVersion);
        assertThat(responsesByStep(victim)).containsEntry(1, textOf(userIds.get(1), 1));
        assertThat(victim.get("chatMessages").size()).isZero();

        ApiClient.Response readByFacilitator = api.get("/api/workshop/" + victimSession, facilitator);
        assertThat(readByFacilitator.status()).as(readByFacilitator.rawBody()).isEqualTo(200);

        ApiClient.Response progress = api.get("/api/workshops/" + workshopId + "/sessions", facilitator);
        assertThat(progress.status()).as(progress.rawBody()).isEqualTo(200);
        Map<String, JsonNode> progressBySession = new HashMap<>();
        progress.body().values().forEach(entry -> progressBySession.put(entry.get("sessionId").asString(), entry));
        assertThat(progressBySession.keySet()).containsExactlyInAnyOrderElementsOf(sessionIds);
        for (int participant = 0; participant < 3; participant++) {
            JsonNode entry = progressBySession.get(sessionIds.get(participant));
            assertThat(entry.get("participantId").asString()).isEqualTo(userIds.get(participant));
            assertThat(entry.get("answeredSteps").asInt()).isEqualTo(participant + 1);
            assertThat(entry.get("currentStep").asInt()).isEqualTo(participant + 2);
        }
    }

    /**
     * Half the threads share one token, the others each sign their own for the same user, as several
     * open tabs would. Every thread alternates between a step all of them write and a step of its own.
     */
    @Test
    void concurrentSavesToOneSessionAreAllKeptAndNumberedWithoutGaps() throws Exception {
        int threads = 16;
        int savesPerThread = 20;
        int sharedStep = 1;
        String userId = uniqueUser("participant");
        String sharedToken = Tokens.participant(userId);
        String sessionId = startSession(sharedToken,
                createWorkshop(Tokens.facilitator(uniqueUser("facilitator")), threads + 1));

        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<List<Save>>> outcomes = new ArrayList<>();
        try {
            for (int thread = 0; thread < threads; thread++) {
                int ownStep = thread + 2;
                String token = thread % 2 == 0 ? sharedToken
                        : Tokens.sign(Tokens.SECRET, userId, List.of("participant"), Duration.ofMinutes(60 + thread));
                String writer = "writer-" + thread;
                outcomes.add(pool.submit(() -> {
                    start.await();
                    List<Save> saves = new ArrayList<>();
                    for (int i = 0; i < savesPerThread; i++) {
                        int step = i % 2 == 0 ? sharedStep : ownStep;
                        String text = writer + " save " + i + " on step " + step;
                        ApiClient.Response answer = api.post("/api/workshop/save", token,
                                Map.of("sessionId", sessionId, "stepNumber", step, "responseText", text));
                        saves.add(new Save(step, text, answer));
                    }
                    return saves;
                }));
            }
            start.countDown();
        } finally {
            pool.shutdown();
        }
        assertThat(pool.awaitTermination(5, TimeUnit.MINUTES)).isTrue();
        List<Save> saves = new ArrayList<>();
        for (Future<List<Save>> outcome : outcomes) {
            saves.addAll(outcome.get());
        }

        assertThat(saves).hasSize(threads * savesPerThread);
        assertThat(saves).allSatisfy(save ->
                assertThat(save.answer().status()).as(save.answer().rawBody()).isEqualTo(200));
        assertThat(saves).extracting(save -> save.answer().number("version")).doesNotHaveDuplicates();
        long lastVersion = saves.stream().mapToLong(save -> save.answer().number("version")).max().orElseThrow();

        JsonNode document = session(sharedToken, sessionId);
        assertThat(document.get("version").asLong()).isEqualTo(lastVersion);
        Map<Integer, String> currentTexts = responsesByStep(document);
        Map<Integer, Long> currentRevisions = revisionsByStep(document);
        assertThat(currentTexts).hasSize(threads + 1);

        for (int step = 1; step <= threads + 1; step++) {
            int thisStep = step;
            Map<Long, String> answeredTextByRevision = new HashMap<>();
            saves.stream().filter(save -> save.step() == thisStep).forEach(save ->
                    assertThat(answeredTextByRevision.put(save.answer().number("revision"), save.text()))
                            .as("revision %d of step %d was answered twice", save.answer().number("revision"), thisStep)
                            .isNull());
            long expectedRevisions = thisStep == sharedStep ? (long) threads * savesPerThread / 2 : savesPerThread / 2;
            assertThat(answeredTextByRevision.keySet()).as("revisions of step %d", thisStep)
                    .containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, expectedRevisions).boxed().toList());

            JsonNode history = api.get("/api/sessions/" + sessionId + "/steps/" + thisStep + "/history?minVersion="
                    + lastVersion, sharedToken).body();
            Map<Long, String> historyByRevision = new LinkedHashMap<>();
            history.values().forEach(entry ->
                    historyByRevision.put(entry.get("revision").asLong(), entry.get("responseText").asString()));
            assertThat(history.size()).as("history of step %d", thisStep).isEqualTo((int) expectedRevisions);
            assertThat(historyByRevision.keySet()).as("history of step %d is oldest first", thisStep)
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, expectedRevisions).boxed().toList());
            assertThat(historyByRevision).as("history of step %d", thisStep).isEqualTo(answeredTextByRevision);

            assertThat(currentRevisions.get(thisStep)).isEqualTo(expectedRevisions);
            assertThat(currentTexts.get(thisStep)).isEqualTo(answeredTextByRevision.get(expectedRevisions));
        }

        ApiClient.Response events = api.get("/api/sessions/" + sessionId + "/events?limit=1000&minVersion="
                + lastVersion, sharedToken);
        assertThat(events.body().values()).filteredOn(event -> event.get("type").asString().equals("StepResponseSaved"))
                .hasSize(saves.size());
    }

    @Test
    void racingCreateRequestsOfOneParticipantStartExactlyOneSession() throws Exception {
        int racers = 8;
        String userId = uniqueUser("participant");
        String workshopId = createWorkshop(Tokens.facilitator(uniqueUser("facilitator")), 3);

        CountDownLatch ready = new CountDownLatch(racers);
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        List<Future<ApiClient.Response>> outcomes = new ArrayList<>();
        try {
            for (int racer = 0; racer < racers; racer++) {
                String token = Tokens.sign(Tokens.SECRET, userId, List.of("participant"), Duration.ofMinutes(60 + racer));
                Callable<ApiClient.Response> create = () -> {
                    ready.countDown();
                    start.await();
                    return api.post("/api/workshop/session/create", token, Map.of("workshopId", workshopId));
                };
                outcomes.add(pool.submit(create));
            }
            assertThat(ready.await(30, TimeUnit.SECONDS)).isTrue();
            start.countDown();
        } finally {
            pool.shutdown();
        }
        assertThat(pool.awaitTermination(2, TimeUnit.MINUTES)).isTrue();
        List<ApiClient.Response> answers = new ArrayList<>();
        for (Future<ApiClient.Response> outcome : outcomes) {
            answers.add(outcome.get());
        }

        assertThat(answers).allSatisfy(answer -> assertThat(answer.status()).as(answer.rawBody()).isIn(200, 201));
        assertThat(answers).filteredOn(answer -> answer.status() == 201).hasSize(1);
        Set<String> sessionIds = new HashSet<>();
        answers.forEach(answer -> sessionIds.add(answer.text("sessionId")));
        assertThat(sessionIds).hasSize(1);

        String sessionId = sessionIds.iterator().next();
        String token = Tokens.participant(userId);
        assertThat(api.get("/api/me/sessions", token).body().values())
                .extracting(entry -> entry.get("sessionId").asString()).containsExactly(sessionId);
        assertThat(api.get("/api/sessions/" + sessionId + "/events", token).body().values())
                .extracting(event -> event.get("type").asString()).containsExactly("SessionStarted");
    }

    private List<ApiClient.Response> intrusionsInto(String sessionId, String token) {
        return List.of(
                api.get("/api/workshop/" + sessionId, token),
                api.get("/api/sessions/" + sessionId + "/steps/1/history", token),
                api.get("/api/sessions/" + sessionId + "/events", token),
                api.post("/api/workshop/save", token,
                        Map.of("sessionId", sessionId, "stepNumber", 1, "responseText", "overwritten")),
                api.post("/api/sessions/" + sessionId + "/chat-messages", token,
                        Map.of("stepNumber", 1, "role", "user", "content", "hello from someone else")));
    }

    /** What a client can tell from an error, leaving out the request's own path. */
    private static Map<String, String> problemOf(ApiClient.Response response) {
        Map<String, String> problem = new LinkedHashMap<>();
        for (String field : List.of("type", "title", "status", "detail")) {
            problem.put(field, response.body().has(field) ? response.body().get(field).asString() : null);
        }
        return problem;
    }

    private record Save(int step, String text, ApiClient.Response answer) {
    }

    private ApiClient.Response save(String token, String sessionId, int step, String text, Integer currentStep) {
        Map<String, Object> body = new HashMap<>(Map.of("sessionId", sessionId, "stepNumber", step, "responseText", text));
        if (currentStep != null) {
            body.put("currentStep", currentStep);
        }
        ApiClient.Response saved = api.post("/api/workshop/save", token, body);
        assertThat(saved.status()).as(saved.rawBody()).isEqualTo(200);
        assertThat(saved.text("sessionId")).isEqualTo(sessionId);
        assertThat(saved.number("stepNumber")).isEqualTo(step);
        return saved;
    }

    private JsonNode session(String token, String sessionId) {
        ApiClient.Response session = api.get("/api/workshop/" + sessionId, token);
        assertThat(session.status()).as(session.rawBody()).isEqualTo(200);
        return session.body();
    }

    private JsonNode history(String token, String sessionId, int step) {
        ApiClient.Response history = api.get("/api/sessions/" + sessionId + "/steps/" + step + "/history", token);
        assertThat(history.status()).as(history.rawBody()).isEqualTo(200);
        return history.body();
    }

    private static Map<Integer, String> responsesByStep(JsonNode session) {
        Map<Integer, String> texts = new LinkedHashMap<>();
        session.get("responses").values().forEach(response ->
                texts.put(response.get("stepNumber").asInt(), response.get("responseText").asString()));
        return texts;
    }

    private static Map<Integer, Long> revisionsByStep(JsonNode session) {
        Map<Integer, Long> revisions = new LinkedHashMap<>();
        session.get("responses").values().forEach(response ->
                revisions.put(response.get("stepNumber").asInt(), response.get("revision").asLong()));
        return revisions;
    }

    private static List<String> texts(JsonNode history) {
        return history.values().stream().map(entry -> entry.get("responseText").asString()).toList();
    }

    private static String textOf(String userId, int step) {
        return userId + ": my idea for step " + step;
    }
}
