package io.workshopstate.standalone;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Measures projection lag while something else loads the service: saves at a steady rate into sessions of
 * its own and, for each, the time from the save's answer to the moment its revision is in {@code step_responses},
 * read straight from the database every few milliseconds. Nothing in the service is asked, so a slow read path
 * cannot hide or add lag. Run by {@code bench/run.sh} beside wrk.
 *
 * <p>Arguments: {@code api=URL jdbc=URL user= password= sessions=FILE} (lines of "sessionId token"),
 * {@code seconds=60 rate=10 steps=10 drain=120 out=FILE}, and {@code startAt=EPOCH_MILLIS} to begin saving at that
 * instant rather than at once (so that a load started beside it is surely running by then). It writes one line per save to {@code out}: the
 * seconds from the start to the save's answer and the lag in milliseconds, or {@code never} for a save not
 * visible within {@code drain} seconds after the last one.
 */
final class LagProbe {

    private static final long POLL_NANOS = 2_000_000;

    private record Key(UUID session, int step) {
    }

    private record Pending(long answeredAt, long revision) {
    }

    private LagProbe() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>(Map.of("seconds", "60", "rate", "10", "steps", "10",
                "drain", "120", "user", "postgres", "password", ""));
        for (String arg : args) {
            String[] pair = arg.split("=", 2);
            if (pair.length != 2) {
                throw new IllegalArgumentException("Expected name=value, got " + arg);
            }
            options.put(pair[0], pair[1]);
        }
        List<String[]> sessions = Files.readAllLines(Path.of(require(options, "sessions"))).stream()
                .filter(line -> !line.isBlank()).map(line -> line.trim().split("\\s+")).toList();
        ApiClient api = new ApiClient(require(options, "api"));
        int steps = Integer.parseInt(options.get("steps"));
        long intervalNanos = (long) (1e9 / Double.parseDouble(options.get("rate")));
        long runNanos = (long) (Double.parseDouble(options.get("seconds")) * 1e9);
        long drainNanos = (long) (Double.parseDouble(options.get("drain")) * 1e9);

        if (options.containsKey("startAt")) {
            long delayMillis = Long.parseLong(options.get("startAt")) - System.currentTimeMillis();
            if (delayMillis <= 0) {
                throw new IllegalStateException("startAt passed " + -delayMillis + " ms before the probe was ready");
            }
            Thread.sleep(delayMillis);
        }
        Map<Key, Pending> pending = new ConcurrentHashMap<>();
        List<long[]> seen = new ArrayList<>();
        long start = System.nanoTime();
        UUID[] ids = sessions.stream().map(session -> UUID.fromString(session[0])).toArray(UUID[]::new);
        Thread poller = new Thread(() -> poll(options, ids, pending, seen), "lag-poller");
        poller.setDaemon(true);
        poller.start();

        int saves = 0;
        int failures = 0;
        long next = start;
        while (System.nanoTime() - start < runNanos) {
            String[] session = sessions.get(saves % sessions.size());
            Key key = new Key(UUID.fromString(session[0]), 1 + ThreadLocalRandom.current().nextInt(steps));
            if (pending.containsKey(key)) {
                key = new Key(key.session(), 1 + (key.step() % steps));
            }
            if (!pending.containsKey(key)) {
                ApiClient.Response saved = api.post("/api/workshop/save", session[1], Map.of(
                        "sessionId", session[0], "stepNumber", key.step(),
                        "responseText", "probe " + saves + " " + UUID.randomUUID()));
                long answeredAt = System.nanoTime();
                if (saved.status() == 200) {
                    pending.put(key, new Pending(answeredAt, saved.number("revision")));
                } else {
                    failures++;
                    System.err.println("probe save answered " + saved.status() + ": " + saved.rawBody());
                }
                saves++;
            }
            // A slot missed while a save took long is skipped, not made up in a burst once saves are fast again.
            next = Math.max(next + intervalNanos, System.nanoTime());
            long wait = next - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
        }
        long drainUntil = System.nanoTime() + drainNanos;
        while (!pending.isEmpty() && System.nanoTime() < drainUntil) {
            Thread.sleep(10);
        }
        poller.interrupt();
        poller.join(5000);

        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(Path.of(require(options, "out"))))) {
            synchronized (seen) {
                for (long[] entry : seen) {
                    out.printf("%.3f\t%.3f%n", (entry[0] - start) / 1e9, entry[1] / 1e6);
                }
            }
            for (Pending never : pending.values()) {
                out.printf("%.3f\tnever%n", (never.answeredAt() - start) / 1e9);
            }
        }
        System.out.printf("probe: %d saves, %d failed, %d visible, %d never visible%n", saves, failures,
                seen.size(), pending.size());
        System.exit(failures == 0 ? 0 : 1);
    }

    private static void poll(Map<String, String> options, UUID[] ids, Map<Key, Pending> pending, List<long[]> seen) {
        try (Connection connection = DriverManager.getConnection(require(options, "jdbc"), options.get("user"),
                options.get("password"));
             PreparedStatement query = connection.prepareStatement(
                     "SELECT session_id, step_number, revision FROM step_responses WHERE session_id = ANY (?)")) {
            query.setArray(1, connection.createArrayOf("uuid", ids));
            while (!Thread.currentThread().isInterrupted()) {
                long polled = System.nanoTime();
                if (!pending.isEmpty()) {
                    try (ResultSet rows = query.executeQuery()) {
                        long visibleAt = System.nanoTime();
                        Map<Key, Long> revisions = new HashMap<>();
                        while (rows.next()) {
                            revisions.put(new Key(rows.getObject(1, UUID.class), rows.getInt(2)), rows.getLong(3));
                        }
                        for (Iterator<Map.Entry<Key, Pending>> it = pending.entrySet().iterator(); it.hasNext(); ) {
                            Map.Entry<Key, Pending> entry = it.next();
                            Long revision = revisions.get(entry.getKey());
                            if (revision != null && revision >= entry.getValue().revision()) {
                                synchronized (seen) {
                                    seen.add(new long[]{entry.getValue().answeredAt(),
                                            Math.max(0, visibleAt - entry.getValue().answeredAt())});
                                }
                                it.remove();
                            }
                        }
                    }
                }
                long rest = POLL_NANOS - (System.nanoTime() - polled);
                if (rest > 0) {
                    Thread.sleep(rest / 1_000_000, (int) (rest % 1_000_000));
                }
            }
        } catch (InterruptedException stopped) {
            Thread.currentThread().interrupt();
        } catch (SQLException failure) {
            throw new IllegalStateException(failure);
        }
    }

    private static String require(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("Missing argument " + name + "=");
        }
        return value;
    }
}
