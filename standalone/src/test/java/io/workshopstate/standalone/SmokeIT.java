package io.workshopstate.standalone;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SmokeIT extends HttpIntegrationTest {

    @Autowired
    ObjectProvider<ThreadPoolTaskScheduler> scheduler;

    /** Without a scheduler of its own, Spring would run scheduled work on any ScheduledExecutorService bean. */
    @Test
    void scheduledWorkRunsOnTheApplicationsSchedulerNotOnAnotherComponentsThreads() {
        assertThat(scheduler.getIfAvailable()).isNotNull();
        assertThat(scheduler.getIfAvailable().getThreadNamePrefix()).doesNotStartWith("command-retry");
    }

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
