package io.workshopstate.standalone;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A projection that fails on an event retries it: the event is never skipped. */
class ProjectionRetryIT extends HttpIntegrationTest {

    private static final String TRIGGER = "fail_step_responses_for_test";

    @Autowired
    JdbcTemplate jdbc;

    @AfterEach
    void removeFailure() {
        jdbc.execute("DROP TRIGGER IF EXISTS " + TRIGGER + " ON step_responses");
        jdbc.execute("DROP FUNCTION IF EXISTS " + TRIGGER + "()");
    }

    @Test
    void anEventWhoseProjectionFailedIsProjectedOnceTheFailureIsGone() {
        String participant = Tokens.participant(uniqueUser("participant"));
        String sessionId = startSession(participant, createWorkshop(Tokens.facilitator(uniqueUser("facilitator")), 2));
        jdbc.execute("CREATE FUNCTION " + TRIGGER + "() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                + "IF NEW.session_id = '" + sessionId + "' THEN RAISE EXCEPTION 'injected projection failure'; END IF; "
                + "RETURN NEW; END $$");
        jdbc.execute("CREATE TRIGGER " + TRIGGER + " BEFORE INSERT ON step_responses FOR EACH ROW EXECUTE FUNCTION "
                + TRIGGER + "()");

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
