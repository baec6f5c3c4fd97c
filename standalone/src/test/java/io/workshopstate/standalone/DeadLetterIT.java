package io.workshopstate.standalone;

import io.workshopstate.session.StepResponseSaved;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.JsonNode;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An event the projection cannot handle is set aside; every other session keeps flowing, in its workshop too. A
 * rebuild that meets it fails, and the live tables stay as they were.
 */
class DeadLetterIT {

    private ScratchDatabase database;
    private RunningService service;
    private final String admin = Tokens.admin("admin-" + UUID.randomUUID());
    private final String poisonedUser = "poisoned-" + UUID.randomUUID();
    private final String healthyUser = "healthy-" + UUID.randomUUID();
    /** Two sessions of one workshop; the tests make the projection fail for the first. */
    private String poisoned;
    private String healthy;

    /** A projection handler with a bug for the sessions named here, as a real one might have for bad data. */
    @Configuration(proxyBeanMethods = false)
    static class PoisonedProjection {

        @Bean
        FailingHandler failingHandler() {
            return new FailingHandler();
        }
    }

    @ProcessingGroup("workshop-views")
    static class FailingHandler {

        final Set<UUID> failFor = ConcurrentHashMap.newKeySet();

        @EventHandler
        void on(StepResponseSaved event) {
            if (failFor.contains(event.sessionId())) {
                throw new IllegalStateException("cannot project session " + event.sessionId());
            }
        }
    }

    @BeforeEach
    void start() throws SQLException {
        database = ScratchDatabase.create("dead_letter_it");
        service = RunningService.startWith(new Class<?>[]{PoisonedProjection.class}, database.url(),
                "--workshop.dead-letters.retry-interval=1h");
        String workshop = createWorkshop(Tokens.facilitator("fac-" + UUID.randomUUID()));
        poisoned = start(poisonedUser, workshop);
        healthy = start(healthyUser, workshop);
    }

    @AfterEach
    void stop() throws SQLException {
        service.close();
        database.close();
    }

    @Test
    void aPoisonEventWaitsAsADeadLetterWhileOtherSessionsFlowAndIsProjectedOnceRetried() throws Exception {
        service.context().getBean(FailingHandler.class).failFor.add(UUID.fromString(poisoned));

        save(poisonedUser, poisoned, "never projected until fixed");
        save(healthyUser, healthy, "first");
        assertThat(readWhenAnswered(healthyUser, healthy).get("responses").get(0).get("responseText").asString())
                .isEqualTo("first");
        ApiClient.Response stalled = service.api().get("/api/workshop/" + poisoned, Tokens.participant(poisonedUser));
        assertThat(stalled.status()).as("never an older document").isEqualTo(503);

        ApiClient.Response letters = service.api().get("/api/admin/dead-letters", admin);
        assertThat(letters.status()).isEqualTo(200);
        assertThat(letters.body()).hasSize(1);
        assertThat(letters.body().get(0).get("aggregateIdentifier").asString()).isEqualTo(poisoned);
        assertThat(letters.body().get(0).get("eventType").asString()).isEqualTo("StepResponseSaved");
        assertThat(letters.body().get(0).get("causeMessage").asString()).contains("cannot project session");

        save(healthyUser, healthy, "second");
        assertThat(readWhenAnswered(healthyUser, healthy).get("responses").get(0).get("responseText").asString())
                .as("other sessions of the same workshop keep flowing").isEqualTo("second");

        ApiClient.Response refused = service.api().post("/api/admin/dead-letters/retry",
                Tokens.participant(poisonedUser), Map.of());
        assertThat(refused.status()).isEqualTo(403);
        ApiClient.Response stillFailing = service.api().post("/api/admin/dead-letters/retry", admin, Map.of());
        assertThat(stillFailing.body().get("lettersRemaining").asLong()).isEqualTo(1);

        service.context().getBean(FailingHandler.class).failFor.clear();
        ApiClient.Response retried = service.api().post("/api/admin/dead-letters/retry", admin, Map.of());
        assertThat(retried.status()).isEqualTo(200);
        assertThat(retried.body().get("lettersRemaining").asLong()).isZero();
        assertThat(service.api().get("/api/admin/dead-letters", admin).body()).isEmpty();

        save(poisonedUser, poisoned, "after the fix");
        JsonNode recovered = readWhenAnswered(poisonedUser, poisoned);
        assertThat(recovered.get("version").asLong()).isEqualTo(3);
        assertThat(recovered.get("responses").get(0).get("revision").asLong()).isEqualTo(2);
        ApiClient.Response history = service.api().get("/api/sessions/" + poisoned + "/steps/1/history",
                Tokens.participant(poisonedUser));
        assertThat(history.body().findValuesAsString("responseText"))
                .containsExactly("never projected until fixed", "after the fix");
    }

    @Test
    void aRebuildThatMeetsAnEventItCannotHandleFailsAndLeavesTheLiveTablesAsTheyWere() throws Exception {
        save(healthyUser, healthy, "kept through the failed rebuild");
        readWhenAnswered(healthyUser, healthy);
        service.context().getBean(FailingHandler.class).failFor.add(UUID.fromString(poisoned));
        save(poisonedUser, poisoned, "never projected");

        assertThat(service.api().post("/api/admin/projections/workshop-views/rebuild", admin, Map.of()).status())
                .isEqualTo(202);
        JsonNode rebuild = service.api().awaitRebuild(admin, Duration.ofSeconds(60), seen -> { }).get("lastRebuild");

        assertThat(rebuild.get("state").asString()).isEqualTo("FAILED");
        assertThat(rebuild.get("detail").asString()).contains("cannot project session " + poisoned);
        JsonNode live = readWhenAnswered(healthyUser, healthy);
        assertThat(live.get("responses").get(0).get("responseText").asString())
                .isEqualTo("kept through the failed rebuild");
        assertThat(service.api().get("/api/admin/projections", admin).body().get(0).get("state").asString())
                .isEqualTo("live");
    }

    private String createWorkshop(String facilitator) {
        return service.api().post("/api/workshops", facilitator, Map.of("title", "Poison drill", "stepCount", 2))
                .text("workshopId");
    }

    private String start(String participantId, String workshopId) {
        return service.api().post("/api/workshop/session/create", Tokens.participant(participantId),
                Map.of("workshopId", workshopId)).text("sessionId");
    }

    private void save(String participantId, String sessionId, String text) {
        ApiClient.Response saved = service.api().post("/api/workshop/save", Tokens.participant(participantId),
                Map.of("sessionId", sessionId, "stepNumber", 1, "responseText", text));
        assertThat(saved.status()).as(saved.rawBody()).isEqualTo(200);
    }

    private JsonNode readWhenAnswered(String participantId, String sessionId) {
        ApiClient.Response response = service.api().getWhenProjected("/api/workshop/" + sessionId,
                Tokens.participant(participantId), Duration.ofSeconds(30));
        assertThat(response.status()).as(response.rawBody()).isEqualTo(200);
        return response.body();
    }
}
