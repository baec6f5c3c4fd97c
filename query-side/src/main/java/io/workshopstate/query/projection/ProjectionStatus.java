package io.workshopstate.query.projection;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/** What an operator needs to see of a projection: where it is, how fast it moves, how much is left. */
@Component
class ProjectionStatus {

    private static final Duration RATE_WINDOW = Duration.ofSeconds(5);

    private final ProjectionPositions positions;
    private final JdbcTemplate jdbc;
    private final Map<String, Deque<Sample>> samples = new ConcurrentHashMap<>();

    ProjectionStatus(ProjectionPositions positions, JdbcTemplate jdbc) {
        this.positions = positions;
        this.jdbc = jdbc;
    }

    private record Sample(Instant at, long position) {
    }

    record Progress(String processor, Long position, long head, double progress, double eventsPerSecond) {
    }

    record Rebuild(String state, Instant startedAt, Instant finishedAt, String detail, Progress progress) {
    }

    record View(String name, String state, Progress live, Rebuild lastRebuild) {
    }

    View of(String projection, boolean rebuildingHere) {
        long head = positions.head();
        Rebuild rebuild = jdbc.query("SELECT state, started_at, finished_at, detail FROM projection_rebuilds "
                        + "WHERE projection = ?",
                row -> row.next() ? new Rebuild(row.getString("state"),
                        row.getTimestamp("started_at").toInstant(),
                        row.getTimestamp("finished_at") == null ? null : row.getTimestamp("finished_at").toInstant(),
                        row.getString("detail"),
                        progress(ProjectionRebuild.REBUILD_PROCESSOR, head)) : null,
                projection);
        // The stored state decides, so that one answer never says "rebuilding" beside a finished rebuild.
        boolean rebuilding = rebuild != null && List.of("BUILDING", "SWITCHING").contains(rebuild.state())
                && (rebuildingHere || rebuildIsAlive(rebuild));
        return new View(projection, rebuilding ? "rebuilding" : "live", progress(projection, head), rebuild);
    }

    /** A rebuild whose process died leaves its state behind; it counts only while it moves or has just begun. */
    private boolean rebuildIsAlive(Rebuild rebuild) {
        Boolean tokensMoving = jdbc.queryForObject("SELECT count(*) > 0 FROM token_entry WHERE processor_name = ? "
                + "AND timestamp::timestamptz > now() - interval '30 seconds'", Boolean.class,
                ProjectionRebuild.REBUILD_PROCESSOR);
        return Boolean.TRUE.equals(tokensMoving) || rebuild.startedAt().isAfter(Instant.now().minusSeconds(60));
    }

    @Scheduled(fixedDelay = 1000)
    void sample() {
        long head = positions.head();
        for (String processor : List.of(WorkshopViews.PROCESSING_GROUP, ProjectionRebuild.REBUILD_PROCESSOR)) {
            OptionalLong position = positions.handledThrough(processor, head);
            Deque<Sample> history = samples.computeIfAbsent(processor, name -> new ArrayDeque<>());
            synchronized (history) {
                if (position.isEmpty()) {
                    history.clear();
                    continue;
                }
                history.addLast(new Sample(Instant.now(), position.getAsLong()));
                while (history.size() > 2 && history.peekFirst().at().isBefore(Instant.now().minus(RATE_WINDOW))) {
                    history.removeFirst();
                }
            }
        }
    }

    /** The position is how far the processor has handled every event ({@link ProjectionPositions#handledThrough}). */
    private Progress progress(String processor, long head) {
        OptionalLong position = positions.handledThrough(processor, head);
        if (position.isEmpty()) {
            return new Progress(processor, null, head, 0, 0);
        }
        double fraction = head == 0 ? 1 : Math.min(1, (double) position.getAsLong() / head);
        return new Progress(processor, position.getAsLong(), head, fraction, rate(processor));
    }

    private double rate(String processor) {
        Deque<Sample> history = samples.get(processor);
        if (history == null) {
            return 0;
        }
        synchronized (history) {
            if (history.size() < 2) {
                return 0;
            }
            Sample first = history.peekFirst();
            Sample last = history.peekLast();
            double seconds = Duration.between(first.at(), last.at()).toMillis() / 1000.0;
            return seconds <= 0 ? 0 : (last.position() - first.position()) / seconds;
        }
    }
}
