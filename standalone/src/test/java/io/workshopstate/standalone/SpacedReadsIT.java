package io.workshopstate.standalone;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * While saves keep coming, a query side's projection reads new events at most once per
 * {@code workshop.event-streams.min-read-interval}, so that one read takes several saves' events. Set long here,
 * so that the spacing shows above the noise of HTTP round trips. The processes run in a database of their own:
 * on the tests' shared one, another process's projection would write the rows first.
 */
class SpacedReadsIT {

    private static final Duration MIN_READ_INTERVAL = Duration.ofMillis(800);

    private static ScratchDatabase database;
    private static ServiceProcess commandSide;
    private static ServiceProcess querySide;
    private static ApiClient commands;
    private static ApiClient queries;

    @BeforeAll
    static void startTheSplitDeployment() throws SQLException {
        database = ScratchDatabase.create("spaced_reads_it");
        Map<String, String> ownDatabase = Map.of("SPRING_DATASOURCE_URL", database.url(),
                "SPRING_DATASOURCE_USERNAME", TestDatabase.username(),
                "SPRING_DATASOURCE_PASSWORD", TestDatabase.password());
        Map<String, String> spacedReads = new HashMap<>(ownDatabase);
        spacedReads.put("WORKSHOP_EVENTSTREAMS_MINREADINTERVAL", MIN_READ_INTERVAL.toMillis() + "ms");
        spacedReads.put("WORKSHOP_EVENTSTREAMS_POLLINTERVAL", "5s");
        Path logs = Path.of(System.getProperty("workshop.process-logs", "target/process-logs"), "SpacedReadsIT");
        commandSide = ServiceProcess.start(ServiceProcess.Side.COMMAND, "command", logs,
                ServiceProcess.TEST_JVM_OPTIONS, ownDatabase);
        querySide = ServiceProcess.start(ServiceProcess.Side.QUERY, "query", logs, ServiceProcess.TEST_JVM_OPTIONS,
                spacedReads);
        commandSide.awaitReady(Duration.ofSeconds(180));
        querySide.awaitReady(Duration.ofSeconds(180));
        commands = new ApiClient(commandSide.port());
        queries = new ApiClient(querySide.port());
    }

    @AfterAll
    static void stopTheSplitDeployment() throws SQLException {
        if (commandSide != null) {
            commandSide.close();
        }
        if (querySide != null) {
            querySide.close();
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    void aSaveRightAfterAProjectedOneIsReadOnceTheIntervalSinceTheReadOfTheFirstHasPassed()
            throws InterruptedException {
        ParticipantSession session = ParticipantSession.start(commands, "Spaced reads", 2);
        awaitProjected(session, save(session, 1, "warming up"));
        Thread.sleep(MIN_READ_INTERVAL.plusMillis(500).toMillis());

        long firstSent = System.nanoTime();
        awaitProjected(session, save(session, 1, "the first"));
        long firstVisible = System.nanoTime();
        awaitProjected(session, save(session, 2, "the second, sent as soon as the first could be read"));
        Duration sinceFirstSent = Duration.ofNanos(System.nanoTime() - firstSent);

        // The read that took the first save began after it was sent; the one that took the second, no sooner
        // than the interval after that.
        assertThat(Duration.ofNanos(firstVisible - firstSent)).as("the first save, long after the last read")
                .isLessThan(MIN_READ_INTERVAL);
        assertThat(sinceFirstSent).as("from sending the first save to reading the second")
                .isGreaterThanOrEqualTo(MIN_READ_INTERVAL);
    }

    private static long save(ParticipantSession session, int step, String text) {
        ApiClient.Response saved = commands.post("/api/workshop/save", session.participant(),
                Map.of("sessionId", session.sessionId(), "stepNumber", step, "responseText", text));
        assertThat(saved.status()).as(saved.rawBody()).isEqualTo(200);
        return saved.number("version");
    }

    private static void awaitProjected(ParticipantSession session, long version) {
        ApiClient.Response read = queries.getWhenProjected("/api/workshop/" + session.sessionId() + "?minVersion="
                + version, session.participant(), Duration.ofSeconds(20));
        assertThat(read.status()).as(read.rawBody()).isEqualTo(200);
        assertThat(read.body().get("version").asLong()).isEqualTo(version);
    }
}
