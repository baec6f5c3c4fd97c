package io.workshopstate.standalone;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Measures how soon a save answered by the command side can be read from a query side in another process: for
 * each save, the time from its answer to the answer of {@code GET /api/workshop/{id}?minVersion=<its version>}.
 * That includes one GET round trip, so it is an upper bound of the projection lag; the round trip of a GET whose
 * version is already projected is printed beside it. Run by {@code bench/projection-lag/run.sh}.
 *
 * <p>Arguments, all optional: {@code saves=1000 warmup=100 sessions=10 notifications=on|off}, and
 * {@code command=URL query=URL} to measure running services (signing tokens with {@code WORKSHOP_JWT_SECRET})
 * instead of starting a command side and a query side: on {@code SPRING_DATASOURCE_URL} when it is set, else on
 * an embedded PostgreSQL of its own that, unlike the tests' one, flushes every commit to disk.
 */
final class ProjectionLag {

    private ProjectionLag() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>(Map.of("saves", "1000", "warmup", "100", "sessions", "10",
                "notifications", "on"));
        for (String arg : args) {
            String[] pair = arg.split("=", 2);
            if (pair.length != 2 || !options.containsKey(pair[0]) && !List.of("command", "query").contains(pair[0])) {
                throw new IllegalArgumentException("Unknown argument " + arg);
            }
            options.put(pair[0], pair[1]);
        }
        int saves = Integer.parseInt(options.get("saves"));
        int warmup = Integer.parseInt(options.get("warmup"));
        int sessionCount = Integer.parseInt(options.get("sessions"));
        boolean notifications = !"off".equals(options.get("notifications"));

        List<ServiceProcess> started = new ArrayList<>();
        EmbeddedPostgres database = null;
        try {
            ApiClient commands;
            ApiClient queries;
            String secret;
            if (options.containsKey("command")) {
                secret = System.getenv("WORKSHOP_JWT_SECRET");
                commands = new ApiClient(baseUrl(options.get("command")));
                queries = new ApiClient(baseUrl(options.get("query")));
            } else {
                secret = Tokens.SECRET;
                Path logs = Path.of(System.getProperty("workshop.process-logs", "standalone/target/process-logs"),
                        "ProjectionLag");
                Map<String, String> environment = new HashMap<>(Map.of("WORKSHOP_CHANGE_NOTIFICATIONS_ENABLED",
                        Boolean.toString(notifications)));
                if (System.getenv("SPRING_DATASOURCE_URL") == null) {
                    database = durablePostgres();
                    try (Connection connection = database.getPostgresDatabase().getConnection();
                         Statement statement = connection.createStatement();
                         ResultSet settings = statement.executeQuery("SELECT current_setting('server_version'), "
                                 + "current_setting('fsync'), current_setting('synchronous_commit')")) {
                        settings.next();
                        System.out.printf("Embedded PostgreSQL %s, fsync %s, synchronous_commit %s%n",
                                settings.getString(1), settings.getString(2), settings.getString(3));
                    }
                    environment.putAll(Map.of("SPRING_DATASOURCE_URL", database.getJdbcUrl("postgres", "postgres"),
                            "SPRING_DATASOURCE_USERNAME", "postgres", "SPRING_DATASOURCE_PASSWORD", ""));
                }
                List<String> jvm = List.of("-Xmx512m");
                ServiceProcess commandSide = ServiceProcess.start(ServiceProcess.Side.COMMAND, "command", logs, jvm,
                        environment);
                started.add(commandSide);
                ServiceProcess querySide = ServiceProcess.start(ServiceProcess.Side.QUERY, "query", logs, jvm,
                        environment);
                started.add(querySide);
                commandSide.awaitReady(Duration.ofMinutes(6));
                querySide.awaitReady(Duration.ofMinutes(6));
                commands = new ApiClient(commandSide.port());
                queries = new ApiClient(querySide.port());
                System.out.printf("Started %s and %s; change notifications %s%n", commandSide, querySide,
                        notifications ? "on" : "off");
            }
            run(commands, queries, secret, saves, warmup, sessionCount);
        } finally {
            started.forEach(ServiceProcess::close);
            if (database != null) {
                database.close();
            }
        }
        System.exit(0);
    }

    private static void run(ApiClient commands, ApiClient queries, String secret, int saves, int warmup,
                            int sessionCount) {
        String facilitator = Tokens.sign(secret, "bench-facilitator-" + UUID.randomUUID(), List.of("facilitator"),
                Duration.ofHours(2));
        ApiClient.Response workshop = commands.post("/api/workshops", facilitator,
                Map.of("title", "Projection lag", "stepCount", 5));
        require(workshop, 201);
        List<String[]> sessions = new ArrayList<>();
        for (int index = 0; index < sessionCount; index++) {
            String participant = Tokens.sign(secret, "bench-participant-" + UUID.randomUUID(), List.of("participant"),
                    Duration.ofHours(2));
            ApiClient.Response session = commands.post("/api/workshop/session/create", participant,
                    Map.of("workshopId", workshop.text("workshopId")));
            require(session, 201);
            sessions.add(new String[]{session.text("sessionId"), participant});
        }

        long[] lags = new long[saves];
        long[] roundTrips = new long[saves];
        int retries = 0;
        for (int round = -warmup; round < saves; round++) {
            String[] session = sessions.get(Math.floorMod(round, sessionCount));
            ApiClient.Response saved = commands.post("/api/workshop/save", session[1], Map.of("sessionId", session[0],
                    "stepNumber", 1 + Math.floorMod(round, 5), "responseText", "save " + round + " " + UUID.randomUUID()));
            require(saved, 200);
            long answeredAt = System.nanoTime();
            String path = "/api/workshop/" + session[0] + "?minVersion=" + saved.number("version");
            ApiClient.Response read = queries.get(path, session[1]);
            while (read.status() == 503 && retries < 100) {
                retries++;
                read = queries.get(path, session[1]);
            }
            require(read, 200);
            long readAt = System.nanoTime();
            if (read.number("version") < saved.number("version")) {
                throw new IllegalStateException("stale read: " + read.rawBody());
            }
            long repeatStarted = System.nanoTime();
            require(queries.get(path, session[1]), 200);
            if (round >= 0) {
                lags[round] = readAt - answeredAt;
                roundTrips[round] = System.nanoTime() - repeatStarted;
            }
        }

        System.out.printf("%s, %d cores, Java %s, load average %s: %d saves (after %d warm-up saves) into %d sessions, "
                        + "one at a time%n", Instant.now(), Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), loadAverage(), saves, warmup, sessionCount);
        System.out.printf("save answered -> GET ?minVersion answered (upper bound of the lag): %s%n", summary(lags));
        System.out.printf("GET of an already projected version (round trip alone):           %s%n",
                summary(roundTrips));
        System.out.printf("GETs answered 503 and repeated: %d%n", retries);
    }

    /**
     * The embedded server the tests use skips flushing to disk; a production server does not, and every save
     * and every projection batch waits for one, so the measurement turns it back on.
     */
    private static EmbeddedPostgres durablePostgres() throws IOException {
        return EmbeddedPostgres.builder().setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on").start();
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException unknown) {
            return "unknown";
        }
    }

    private static String summary(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return String.format("median %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms, mean %.1f ms",
                millis(percentile(sorted, 0.50)), millis(percentile(sorted, 0.90)), millis(percentile(sorted, 0.99)),
                millis(sorted[sorted.length - 1]), millis((long) Arrays.stream(sorted).average().orElse(0)));
    }

    /** Nearest rank: the smallest value that at least the given share of all values does not exceed. */
    private static long percentile(long[] sorted, double share) {
        int rank = (int) Math.ceil(share * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    private static double millis(long nanos) {
        return nanos / 1_000_000.0;
    }

    private static void require(ApiClient.Response response, int status) {
        if (response.status() != status) {
            throw new IllegalStateException("expected " + status + " but got " + response.status() + ": "
                    + response.rawBody());
        }
    }

    private static String baseUrl(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
