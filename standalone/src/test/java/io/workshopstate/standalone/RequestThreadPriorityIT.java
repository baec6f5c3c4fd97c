package io.workshopstate.standalone;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * A query side and a command side started with the production settings ({@code java @jvm.options}) run their
 * request threads at a lower operating-system priority than their background work (the projection, the
 * sessions' snapshots), and no thread above the normal one: read from {@code /proc}, as an operator would see
 * them in {@code top}.
 */
class RequestThreadPriorityIT {

    private static final int NORMAL_NICE = 0;
    private static final int REQUEST_THREAD_NICE = 10;

    private static ServiceProcess querySide;
    private static ServiceProcess commandSide;

    @BeforeAll
    static void startWithTheProductionSettings() {
        assumeThat(Path.of("/proc/self/task")).as("thread priorities are read from Linux's /proc").isDirectory();
        Path logs = Path.of(System.getProperty("workshop.process-logs", "target/process-logs"),
                "RequestThreadPriorityIT");
        List<String> productionSettings = List.of("@" + RepositoryRoot.path().resolve("jvm.options"));
        querySide = ServiceProcess.start(ServiceProcess.Side.QUERY, "query", logs, productionSettings, Map.of());
        commandSide = ServiceProcess.start(ServiceProcess.Side.COMMAND, "command", logs, productionSettings,
                Map.of("WORKSHOP_SESSIONS_SNAPSHOTEVERY", "2"));
        querySide.awaitReady(Duration.ofSeconds(180));
        commandSide.awaitReady(Duration.ofSeconds(180));
    }

    @AfterAll
    static void stop() {
        Stream.of(querySide, commandSide).filter(Objects::nonNull).forEach(ServiceProcess::close);
    }

    @Test
    void requestThreadsYieldToTheProjection() {
        ApiClient.Response answered = new ApiClient(querySide.port())
                .get("/api/workshop/" + UUID.randomUUID(), Tokens.participant("participant-" + UUID.randomUUID()));
        assertThat(answered.status()).as(answered.rawBody()).isEqualTo(404);

        List<OsThread> threads = threadsOf(querySide.pid());
        assertThat(threads).filteredOn(thread -> thread.name().startsWith("http-nio-"))
                .isNotEmpty()
                .allSatisfy(thread -> assertThat(thread.nice()).as(thread.name()).isEqualTo(REQUEST_THREAD_NICE));
        assertThat(threads).filteredOn(thread -> thread.name().startsWith("Coordinator[")
                        || thread.name().startsWith("WorkPackage["))
                .isNotEmpty()
                .allSatisfy(thread -> assertThat(thread.nice()).as(thread.name()).isEqualTo(NORMAL_NICE));
        assertThat(threads).allSatisfy(thread -> assertThat(thread.nice()).as(thread.name())
                .isGreaterThanOrEqualTo(NORMAL_NICE));
    }

    @Test
    void theSessionsSnapshotsAreTakenAtTheNormalPriorityThoughARequestCalledForThem() throws InterruptedException {
        ApiClient api = new ApiClient(commandSide.port());
        ParticipantSession session = ParticipantSession.start(api, "Priorities", 2);
        for (int save = 1; save <= 3; save++) {
            ApiClient.Response saved = api.post("/api/workshop/save", session.participant(),
                    Map.of("sessionId", session.sessionId(), "stepNumber", 1, "responseText", "save " + save));
            assertThat(saved.status()).as(saved.rawBody()).isEqualTo(200);
        }

        List<OsThread> snapshotThreads = List.of();
        for (int attempt = 0; attempt < 50 && snapshotThreads.isEmpty(); attempt++) {
            Thread.sleep(100);
            snapshotThreads = threadsOf(commandSide.pid()).stream()
                    .filter(thread -> thread.name().startsWith("session-snapsho")).toList();
        }
        assertThat(snapshotThreads).as("the snapshot thread, started by a save")
                .isNotEmpty()
                .allSatisfy(thread -> assertThat(thread.nice()).as(thread.name()).isEqualTo(NORMAL_NICE));
        assertThat(threadsOf(commandSide.pid())).filteredOn(thread -> thread.name().startsWith("http-nio-"))
                .isNotEmpty()
                .allSatisfy(thread -> assertThat(thread.nice()).as(thread.name()).isEqualTo(REQUEST_THREAD_NICE));
    }

    /** A thread as the kernel names it (at most 15 characters) with its nice value. */
    private record OsThread(String name, int nice) {
    }

    private static List<OsThread> threadsOf(long pid) {
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            return tasks.flatMap(task -> Stream.ofNullable(read(task))).toList();
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
    }

    /**
     * {@code /proc/PID/task/TID/stat}: the name in parentheses, then fields of which the 17th is the nice value;
     * null for a thread that ended since the folder was listed.
     */
    private static OsThread read(Path task) {
        try {
            String stat = Files.readString(task.resolve("stat"));
            String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return new OsThread(name, Integer.parseInt(fields[16]));
        } catch (NoSuchFileException ended) {
            return null;
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
    }
}
