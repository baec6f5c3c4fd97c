package io.workshopstate.standalone;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The command side or the query side as a real operating-system process, started from its executable jar
 * on the tests' database, as the split deployment runs it. Every process started here is killed when the
 * test JVM exits, whatever happened to the test.
 */
final class ServiceProcess implements AutoCloseable {

    /** {@code kill -9} ends a process with 128 + 9; {@code SIGTERM} would give 143. */
    static final int SIGKILL_EXIT_CODE = 137;

    /** For tests: a quick start and a small footprint, since several JVMs share two cores. */
    static final List<String> TEST_JVM_OPTIONS = List.of("-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    private static final Duration GRACEFUL_STOP = Duration.ofSeconds(20);
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly)));
    }

    enum Side {
        COMMAND("workshop.command-side-jar", "command-side", "CommandSideApplication"),
        QUERY("workshop.query-side-jar", "query-side", "QuerySideApplication");

        private final String jarProperty;
        private final String module;
        private final String mainClass;

        Side(String jarProperty, String module, String mainClass) {
            this.jarProperty = jarProperty;
            this.module = module;
            this.mainClass = mainClass;
        }

        /** Failsafe names the jars (see standalone/pom.xml); the reactor packages them before this module's tests. */
        Path jar() {
            String configured = System.getProperty(jarProperty);
            if (configured == null || configured.isBlank()) {
                throw new IllegalStateException("System property " + jarProperty + " names no jar; run the tests "
                        + "through Maven with -am so that " + module + " is packaged first");
            }
            Path jar = Path.of(configured).toAbsolutePath().normalize();
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(jar + " does not exist; package " + module + " first (mvn -am)");
            }
            return jar;
        }
    }

    private final String name;
    private final Side side;
    private final int port;
    private final Path log;
    private final Process process;

    private ServiceProcess(String name, Side side, int port, Path log, Process process) {
        this.name = name;
        this.side = side;
        this.port = port;
        this.log = log;
        this.process = process;
    }

    /**
     * @param jvmOptions   options for the child JVM, such as {@code -XX:TieredStopAtLevel=1} for a fast start
     * @param extraEnvironment settings beyond the secret and the port; the database is the tests' unless these name one
     */
    static ServiceProcess start(Side side, String name, Path logDirectory, List<String> jvmOptions,
                                Map<String, String> extraEnvironment) {
        int port = freePort();
        Path log = logDirectory.resolve(name + ".log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(side.jar().toString());
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> environment = builder.environment();
        Map<String, String> settings = new LinkedHashMap<>();
        if (!extraEnvironment.containsKey("SPRING_DATASOURCE_URL")) {
            settings.put("SPRING_DATASOURCE_URL", TestDatabase.jdbcUrl());
            settings.put("SPRING_DATASOURCE_USERNAME", TestDatabase.username());
            settings.put("SPRING_DATASOURCE_PASSWORD", TestDatabase.password());
        }
        settings.put("WORKSHOP_JWT_SECRET", Tokens.SECRET);
        settings.put("SERVER_PORT", Integer.toString(port));
        settings.put("AXONIQ_UPDATE_CHECKER_DISABLED", "true");
        settings.putAll(extraEnvironment);
        environment.remove("SPRING_PROFILES_ACTIVE");
        environment.putAll(settings);
        try {
            Files.createDirectories(logDirectory);
            Process process = builder.start();
            RUNNING.add(process);
            return new ServiceProcess(name, side, port, log, process);
        } catch (IOException failure) {
            throw new UncheckedIOException("Could not start " + name, failure);
        }
    }

    /**
     * Waits until the process has started completely (Spring Boot's "Started ..." line) and answers HTTP:
     * {@code /actuator/health} when the service has it, else a 401 from an API route.
     */
    ServiceProcess awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + " while starting:\n"
                        + logTail());
            }
            if (logContains("Started " + side.mainClass) && answersHttp(http)) {
                return this;
            }
            sleep(Duration.ofMillis(250));
        }
        throw new IllegalStateException(name + " was not ready within " + timeout + ":\n" + logTail());
    }

    private boolean answersHttp(HttpClient http) {
        return status(http, "/actuator/health") == 200 || status(http, "/api/workshops/" + UUID.randomUUID()) == 401;
    }

    private int status(HttpClient http, String path) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                    .timeout(Duration.ofSeconds(5)).GET().build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException notYet) {
            return -1;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(interrupted);
        }
    }

    /** Sends SIGKILL (what {@link Process#destroyForcibly()} does on Linux) and returns the exit code. */
    int kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException(name + " still runs 30 s after SIGKILL");
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(interrupted);
        }
        RUNNING.remove(process);
        return process.exitValue();
    }

    /**
     * Stops the process as an orchestrator would (SIGTERM), so that it gives its segment claims back: killed,
     * it would leave them to expire, and the other applications on the tests' database would project nothing
     * of those segments for the claim timeout. One that does not stop in time is killed.
     */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(GRACEFUL_STOP.toSeconds(), TimeUnit.SECONDS)) {
                    kill();
                }
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                kill();
            }
        }
        RUNNING.remove(process);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String name() {
        return name;
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    boolean logContains(String text) {
        try {
            return Files.exists(log) && new String(Files.readAllBytes(log), StandardCharsets.UTF_8).contains(text);
        } catch (IOException | UncheckedIOException unreadable) {
            return false;
        }
    }

    String logTail() {
        try {
            List<String> lines = new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException | UncheckedIOException unreadable) {
            return "(no log at " + log + ")";
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ", port " + port + ")";
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(interrupted);
        }
    }
}
