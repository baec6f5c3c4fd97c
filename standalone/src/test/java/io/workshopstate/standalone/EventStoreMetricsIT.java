package io.workshopstate.standalone;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Connection;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The event store's size as the metrics report it: the number of stored events, exactly, also when an append
 * commits after later ones were counted.
 */
class EventStoreMetricsIT extends HttpIntegrationTest {

    /** Two measurements at the default interval of 15 s, and some. */
    private static final Duration PATIENCE = Duration.ofSeconds(40);

    @Autowired
    MeterRegistry meters;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void countsEveryStoredEventIncludingOneThatCommittedBehindLaterOnes() throws Exception {
        String participant = Tokens.participant(uniqueUser("participant"));
        String sessionId = startSession(participant, createWorkshop(Tokens.facilitator(uniqueUser("facilitator")), 2));

        try (Connection late = TestDatabase.connect()) {
            late.setAutoCommit(false);
            UncommittedAppend.into(late);
            saveStep(participant, sessionId, 1, "stored after the late append took its global index");

            assertThat(awaitCountEqualToStore()).as("events counted before the late commit").isTrue();
            late.commit();
        }

        assertThat(awaitCountEqualToStore()).as("events counted after the late commit").isTrue();
    }

    /** Whether the gauge came to show the number of events the store holds before the patience ran out. */
    private boolean awaitCountEqualToStore() throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            long stored = jdbc.queryForObject("SELECT count(*) FROM domain_event_entry", Long.class);
            if (meters.get("workshop.eventstore.events").gauge().value() == stored) {
                return true;
            }
            Thread.sleep(250);
        }
        return false;
    }
}
