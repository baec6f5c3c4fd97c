package io.workshopstate.standalone;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A query side whose projection would look for new events by itself only once a minute still answers with a save
 * made through a command side within seconds: the command side's notification woke it.
 */
class WokenByNotificationIT {

    private static final Map<String, String> POLL_ONCE_A_MINUTE = Map.of("WORKSHOP_EVENTSTREAMS_POLLINTERVAL", "60s");
    private static final Duration WOKEN_WITHIN = Duration.ofSeconds(10);

    private static ServiceProcess commandSide;
    private static ServiceProcess querySide;

    @BeforeAll
    static void startBothSides() {
        Path logs = Path.of(System.getProperty("workshop.process-logs", "target/process-logs"), "WokenByNotificationIT");
        commandSide = ServiceProcess.start(ServiceProcess.Side.COMMAND, "command", logs,
                ServiceProcess.TEST_JVM_OPTIONS, POLL_ONCE_A_MINUTE);
        querySide = ServiceProcess.start(ServiceProcess.Side.QUERY, "query", logs,
                ServiceProcess.TEST_JVM_OPTIONS, POLL_ONCE_A_MINUTE);
        commandSide.awaitReady(Duration.ofSeconds(180));
        querySide.awaitReady(Duration.ofSeconds(180));
    }

    @AfterAll
    static void stop() {
        Stream.of(commandSide, querySide).filter(Objects::nonNull).forEach(ServiceProcess::close);
    }

    @Test
    void aSaveElsewhereIsReadableLongBeforeTheNextPoll() {
        ApiClient commands = new ApiClient(commandSide.port());
        ApiClient queries = new ApiClient(querySide.port());
        ParticipantSession session = ParticipantSession.start(commands, "Woken", 2);
        String participant = session.participant();
        String sessionId = session.sessionId();

        for (String text : List.of("first, seen once the session was projected", "second, right after")) {
            ApiClient.Response saved = commands.post("/api/workshop/save", participant,
                    Map.of("sessionId", sessionId, "stepNumber", 1, "responseText", text));
            assertThat(saved.status()).as(saved.rawBody()).isEqualTo(200);

            long start = System.nanoTime();
            ApiClient.Response read = queries.getWhenProjected(
                    "/api/workshop/" + sessionId + "?minVersion=" + saved.number("version"), participant, WOKEN_WITHIN);
            Duration waited = Duration.ofNanos(System.nanoTime() - start);

            assertThat(read.status()).as("read after %s: %s", waited, read.rawBody()).isEqualTo(200);
            assertThat(read.rawBody()).contains(text);
            assertThat(waited).as("time until the query side answered with the save").isLessThan(WOKEN_WITHIN);
        }
    }
}
