package io.workshopstate.standalone;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Undo and redo per step, their history, and what a stale write tells a client that wants to merge. */
class UndoRedoIT extends HttpIntegrationTest {

    private String participant;
    private String sessionId;

    private void join(int stepCount) {
        participant = Tokens.participant(uniqueUser("participant"));
        sessionId = startSession(participant, createWorkshop(Tokens.facilitator(uniqueUser("facilitator")), stepCount));
    }

    @Test
    void undoAndRedoWalkThroughAStepsTextsAndHistoryTellsWhichIsWhich() {
        join(2);
        save(1, "one", null);
        save(1, "two", null);
        save(1, "three", null);

        assertThat(revert("undo", 1, null)).isEqualTo(4);
        assertThat(currentText(1)).isEqualTo("two");
        assertThat(revert("undo", 1, 4L)).isEqualTo(5);
        assertThat(currentText(1)).isEqualTo("one");
        assertNothingTo("undo", 1);
        assertThat(revert("redo", 1, null)).isEqualTo(6);
        assertThat(currentText(1)).isEqualTo("two");
        assertThat(revert("redo", 1, null)).isEqualTo(7);
        assertThat(currentText(1)).isEqualTo("three");
        assertNothingTo("redo", 1);

        JsonNode history = api.get("/api/sessions/" + sessionId + "/steps/1/history", participant).body();
        List<String> entries = new ArrayList<>();
        for (JsonNode revision : history) {
            entries.add(revision.get("revision").asLong() + " " + revision.get("kind").asString() + " "
                    + revision.get("responseText").asString() + " undid " + revision.get("undoneRevision")
                    + " redid " + revision.get("redoneRevision"));
        }
        assertThat(entries).containsExactly(
                "1 saved one undid null redid null",
                "2 saved two undid null redid null",
                "3 saved three undid null redid null",
                "4 undone two undid 3 redid null",
                "5 undone one undid 2 redid null",
                "6 redone two undid null redid 2",
                "7 redone three undid null redid 3");
    }

    @Test
    void aFreshSaveClearsWhatThereWasToRedo() {
        join(2);
        save(1, "one", null);
        save(1, "two", null);
        revert("undo", 1, null);
        save(1, "another two", null);

        assertNothingTo("redo", 1);
        assertThat(revert("undo", 1, null)).isEqualTo(5);
        assertThat(currentText(1)).isEqualTo("one");
    }

    @Test
    void undoOnAStepWithoutResponseIsRefusedAndWritesNothing() {
        join(2);
        save(2, "other step", null);
        long versionBefore = api.get("/api/workshop/" + sessionId, participant).number("version");

        assertNothingTo("undo", 1);
        assertThat(api.get("/api/workshop/" + sessionId, participant).number("version")).isEqualTo(versionBefore);
    }

    /** Two tabs of one participant: the undo of the tab that fell behind sees the other tab's save. */
    @Test
    void undoAfterAnotherTabSavedIsRefusedWhenStaleAndOtherwiseUndoesTheNewestSave() {
        join(2);
        save(1, "first draft", null);
        long tabA = save(1, "second draft", null);
        save(1, "tab B's draft", null);

        ApiClient.Response stale = api.post(revertPath("undo", 1), participant, Map.of("expectedRevision", tabA));
        assertThat(stale.status()).as(stale.rawBody()).isEqualTo(409);
        assertThat(stale.text("type")).isEqualTo("urn:workshop-state:problem:stale-revision");
        assertThat(stale.number("currentRevision")).isEqualTo(3);
        assertThat(stale.text("currentText")).isEqualTo("tab B's draft");
        assertThat(stale.number("baseRevision")).isEqualTo(2);
        assertThat(stale.text("baseText")).isEqualTo("second draft");

        assertThat(revert("undo", 1, null)).isEqualTo(4);
        assertThat(currentText(1)).isEqualTo("second draft");
    }

    @Test
    void aStaleSaveCarriesTheCurrentTheBaseAndTheClientsText() {
        join(2);
        long base = save(1, "our plan", null);
        save(1, "their plan", null);

        Map<String, Object> body = new HashMap<>(Map.of("sessionId", sessionId, "stepNumber", 1,
                "responseText", "my plan", "expectedRevision", base));
        ApiClient.Response conflict = api.post("/api/workshop/save", participant, body);

        assertThat(conflict.status()).as(conflict.rawBody()).isEqualTo(409);
        assertThat(conflict.text("type")).isEqualTo("urn:workshop-state:problem:stale-revision");
        assertThat(conflict.number("currentRevision")).isEqualTo(2);
        assertThat(conflict.text("currentText")).isEqualTo("their plan");
        assertThat(conflict.number("baseRevision")).isEqualTo(1);
        assertThat(conflict.text("baseText")).isEqualTo("our plan");
        assertThat(conflict.text("yourText")).isEqualTo("my plan");
        assertThat(currentText(1)).isEqualTo("their plan");
    }

    @Test
    void onlyTheSessionsParticipantMayUndoAndTheStepMustExist() {
        join(2);
        save(1, "one", null);
        save(1, "two", null);

        ApiClient.Response stranger = api.post(revertPath("undo", 1), Tokens.participant(uniqueUser("participant")),
                Map.of());
        ApiClient.Response outside = api.post(revertPath("undo", 3), participant, Map.of());
        ApiClient.Response anonymous = api.post(revertPath("redo", 1), null, Map.of());
        ApiClient.Response negative = api.post(revertPath("undo", 1), participant, Map.of("expectedRevision", -1));

        assertThat(stranger.status()).isEqualTo(404);
        assertThat(outside.status()).isEqualTo(400);
        assertThat(outside.body().get("errors").get(0).get("field").asString()).isEqualTo("stepNumber");
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(negative.status()).isEqualTo(400);
        assertThat(currentText(1)).isEqualTo("two");
    }

    private long save(int step, String text, Long expectedRevision) {
        Map<String, Object> body = new HashMap<>(Map.of("sessionId", sessionId, "stepNumber", step,
                "responseText", text));
        if (expectedRevision != null) {
            body.put("expectedRevision", expectedRevision);
        }
        ApiClient.Response saved = api.post("/api/workshop/save", participant, body);
        assertThat(saved.status()).as(saved.rawBody()).isEqualTo(200);
        return saved.number("revision");
    }

    /** @return the revision the undo or redo made */
    private long revert(String action, int step, Long expectedRevision) {
        ApiClient.Response answer = expectedRevision == null
                ? api.postRaw(revertPath(action, step), participant, null, "")
                : api.post(revertPath(action, step), participant, Map.of("expectedRevision", expectedRevision));
        assertThat(answer.status()).as(answer.rawBody()).isEqualTo(200);
        assertThat(answer.text("sessionId")).isEqualTo(sessionId);
        assertThat(answer.number("stepNumber")).isEqualTo(step);
        assertThat(answer.body().has("version")).isTrue();
        return answer.number("revision");
    }

    private void assertNothingTo(String action, int step) {
        ApiClient.Response refused = api.post(revertPath(action, step), participant, Map.of());
        assertThat(refused.status()).as(refused.rawBody()).isEqualTo(409);
        assertThat(refused.text("type")).isEqualTo("urn:workshop-state:problem:nothing-to-revert");
        assertThat(refused.text("detail")).startsWith("Nothing to " + action + " on step " + step);
    }

    private String revertPath(String action, int step) {
        return "/api/sessions/" + sessionId + "/steps/" + step + "/" + action;
    }

    private String currentText(int step) {
        for (JsonNode response : api.get("/api/workshop/" + sessionId, participant).body().get("responses")) {
            if (response.get("stepNumber").asInt() == step) {
                return response.get("responseText").asString();
            }
        }
        return null;
    }
}
