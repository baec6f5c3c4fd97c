package io.workshopstate.standalone;

import io.workshopstate.session.SessionStarted;
import io.workshopstate.session.StartSession;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventHandlerInvoker;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The projection handles sessions and workshops in parallel, so a session's first event may be projected
 * before its workshop's: the session's row must still be written, with its workshop's row taken from the
 * workshop's own events.
 */
class WorkshopBackfillIT extends HttpIntegrationTest {

    private static final String TRIGGER = "hold_back_workshop_for_test";
    private static final String HANDLED_BY_TEST = "workshop.backfill_test";

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    PlatformTransactionManager transactionManager;

    @Autowired
    EventProcessingConfiguration processing;

    private UUID heldBack;

    /** Lets the projection go on, and waits until it has, so that the tests after this one find it moving. */
    @AfterEach
    void releaseWorkshop() throws InterruptedException {
        jdbc.execute("DROP TRIGGER IF EXISTS " + TRIGGER + " ON workshops");
        jdbc.execute("DROP FUNCTION IF EXISTS " + TRIGGER + "()");
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (heldBack != null && count("workshops", heldBack) == 0 && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
    }

    @Test
    void aSessionProjectedBeforeItsWorkshopBringsTheWorkshopsRowAlong() {
        String title = "Backfill " + UUID.randomUUID();
        holdBackWorkshopsTitled(title);
        String facilitator = uniqueUser("facilitator");
        UUID workshopId = UUID.fromString(api.post("/api/workshops", Tokens.facilitator(facilitator),
                Map.of("title", title, "stepCount", 3)).text("workshopId"));
        heldBack = workshopId;
        String participant = uniqueUser("participant");
        UUID sessionId = StartSession.sessionIdFor(workshopId, participant);

        new TransactionTemplate(transactionManager).executeWithoutResult(transaction -> {
            assertThat(count("workshops", workshopId)).as("the workshop's own event is held back").isZero();
            jdbc.execute("SET LOCAL " + HANDLED_BY_TEST + " = 'on'");

            project(new GenericDomainEventMessage<>("WorkshopSession", sessionId.toString(), 0,
                    new SessionStarted(sessionId, workshopId, participant, 3)));

            assertThat(jdbc.queryForMap("SELECT workshop_id, participant_id, current_step, version "
                    + "FROM workshop_sessions WHERE id = ?", sessionId))
                    .containsEntry("workshop_id", workshopId).containsEntry("participant_id", participant)
                    .containsEntry("current_step", 1).containsEntry("version", 1L);
            assertThat(jdbc.queryForMap("SELECT title, step_count, facilitator_id, status, version "
                    + "FROM workshops WHERE id = ?", workshopId))
                    .containsEntry("title", title).containsEntry("step_count", 3)
                    .containsEntry("facilitator_id", facilitator).containsEntry("status", "active")
                    .containsEntry("version", 1L);
            // The session exists only in this test: it must not outlive it in the shared database.
            transaction.setRollbackOnly();
        });
    }

    private void holdBackWorkshopsTitled(String title) {
        jdbc.execute("CREATE FUNCTION " + TRIGGER + "() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                + "IF NEW.title = '" + title + "' AND current_setting('" + HANDLED_BY_TEST + "', true) "
                + "IS DISTINCT FROM 'on' THEN RAISE EXCEPTION 'workshop held back by the test'; END IF; "
                + "RETURN NEW; END $$");
        jdbc.execute("CREATE TRIGGER " + TRIGGER + " BEFORE INSERT ON workshops FOR EACH ROW EXECUTE FUNCTION "
                + TRIGGER + "()");
    }

    /** Runs the projection's handlers on one event, as its processor does, in the caller's transaction. */
    private void project(GenericDomainEventMessage<?> event) {
        EventHandlerInvoker handlers = processing.eventProcessor("workshop-views", PooledStreamingEventProcessor.class)
                .orElseThrow().eventHandlerInvoker();
        DefaultUnitOfWork.startAndGet(event).executeWithResult(() -> {
            handlers.handle(event, Segment.ROOT_SEGMENT);
            return null;
        });
    }

    private long count(String table, UUID id) {
        return jdbc.queryForObject("SELECT count(*) FROM " + table + " WHERE id = ?", Long.class, id);
    }
}
