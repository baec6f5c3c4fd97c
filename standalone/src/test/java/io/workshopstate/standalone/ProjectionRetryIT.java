package io.workshopstate.standalone;

import io.workshopstate.session.StartSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** A projection that fails on an event retries it: the event is never skipped. */
class ProjectionRetryIT extends HttpIntegrationTest {

    private static final String TRIGGER = "fail_step_responses_for_test";

    @Autowired
    JdbcTemplate jdbc;

    @AfterEach
    void removeFailure() {
        jdbc.execute("DROP TRIGGER IF EXISTS " + TRIGGER + " ON step_responses");
        jdbc.execute("DROP TRIGGER IF EXISTS " + TRIGGER + " ON workshop_sessions");
        jdbc.execute("DROP FUNCTION IF EXISTS " + TRIGGER + "()");
    }

    @Test
    void anotherParticipantGetsNotFoundEvenBeforeTheSessionIsProjected() {
        String workshopId = createWorkshop(Tokens.facilitator(uniqueUser("facilitator")), 2);
        String ownerId = uniqueUser("participant");
        String sessionId = StartSession.sessionIdFor(UUID.fromString(workshopId), ownerId).toString();
        failInsertsOf("workshop_sessions", "id", sessionId);
        startSession(Tokens.participant(ownerId), workshopId);

        ApiClient.Response intruder = api.get("/api/workshop/" + sessionId + "?minVersion=1000",
                Tokens.participant(uniqueUser("participant")));
        ApiClient.Response missing = api.get("/api/workshop/" + UUID.randomUUID(), Tokens.participant(ownerId));
        ApiClient.Response owner = api.get("/api/workshop/" + sessionId, Tokens.participant(ownerId));

        assertThat(intruder.status()).as(intruder.rawBody()).isEqualTo(404);
        for (String field : new String[]{"type", "title", "status", "detail"}) {
            assertThat(intruder.body().get(field)).as(field).isEqualTo(missing.body().get(field));
        }
        assertThat(owner.status()).as("the owner's session exists, it is only not readable yet").isEqualTo(503);
        removeFailure();
        assertThat(api.getWhenProjected("/api/workshop/" + sessionId, Tokens.participant(ownerId),
                Duration.ofSeconds(90)).status()).isEqualTo(200);
    }

    private void failInsertsOf(String table, String column, String value) {
        jdbc.execute("CREATE FUNCTION " + TRIGGER + "() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                + "IF NEW." + column + " = '" + value + "' THEN RAISE EXCEPTION 'injected projection failure'; END IF; "
                + "RETURN NEW; END $$");
        jdbc.execute("CREATE TRIGGER " + TRIGGER + " BEFORE INSERT ON " + table + " FOR EACH ROW EXECUTE FUNCTION "
                + TRIGGER + "()");
    }

    @Test
    void anEventWhoseProjectionFailedIsProjectedOnceTheFailureIsGone() {
        String participant = Tokens.participant(uniqueUser("participant"));
        String sessionId = startSession(participant, createWorkshop(Tokens.facilitator(uniqueUser("facilitator")), 2));
        failInsertsOf("step_responses", "session_id", sessionId);

        ApiClient.Response saved = api.post("/api/workshop/save", participant,
                Map.of("sessionId", sessionId, "stepNumber", 1, "responseText", "kept despite the failure"));
        assertThat(saved.status()).isEqualTo(200);
        ApiClient.Response whileFailing = api.get("/api/workshop/" + sessionId, participant);
        assertThat(whileFailing.status()).as("no stale document while the projection is behind").isEqualTo(503);
        assertThat(whileFailing.headers().firstValue("Retry-After")).isPresent();

        removeFailure();

        ApiClient.Response session = api.getWhenProjected("/api/workshop/" + sessionId, participant, Duration.ofSeconds(90));
        assertThat(session.status()).isEqualTo(200);
        assertThat(session.body().get("version").asLong()).isEqualTo(saved.number("version"));
        assertThat(session.body().get("responses").get(0).get("responseText").asString())
                .isEqualTo("kept despite the failure");
    }

}
