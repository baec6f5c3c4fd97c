package io.workshopstate.query.freshness;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.workshopstate.query.projection.ProjectionPositions;
import io.workshopstate.query.projection.WorkshopViews;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * How far the read tables are behind the event store, measured from the database rather than from this
 * process's own threads: with several query-side processes sharing the projection's segments, only the
 * stored positions of all segments tell how fresh the tables are.
 *
 * <p>Measured on a schedule, never while a scrape or a health probe waits, so that neither hangs while
 * the database is unreachable.
 */
@Component
public class ProjectionLag {

    private static final Logger log = LoggerFactory.getLogger(ProjectionLag.class);
    private static final long EXACT_COUNT_LIMIT = 10_000;

    /** What one measurement saw; {@code measuredAt} is null until the first one succeeded. */
    public record Snapshot(long headIndex, long projectedIndex, long eventsBehind, Duration behindBy,
                           Instant measuredAt) {

        static final Snapshot NONE = new Snapshot(-1, -1, 0, Duration.ZERO, null);

        boolean caughtUp() {
            return measuredAt != null && eventsBehind == 0;
        }
    }

    private final JdbcTemplate jdbc;
    private final ProjectionPositions positions;
    private final Clock clock;
    private volatile Snapshot latest = Snapshot.NONE;
    private volatile boolean caughtUpSinceStart;

    ProjectionLag(JdbcTemplate jdbc, ProjectionPositions positions, Clock clock, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.positions = positions;
        this.clock = clock;
        TimeGauge.builder("workshop.projection.lag", this, TimeUnit.MILLISECONDS,
                        lag -> lag.latest.behindBy().toMillis())
                .description("How long the oldest event not yet in the read tables has been waiting")
                .tag("processor", WorkshopViews.PROCESSING_GROUP)
                .register(meters);
        Gauge.builder("workshop.projection.lag.events", this, lag -> lag.latest.eventsBehind())
                .description("Events in the event store not yet in the read tables")
                .baseUnit("events")
                .tag("processor", WorkshopViews.PROCESSING_GROUP)
                .register(meters);
    }

    public Snapshot latest() {
        return latest;
    }

    /** Whether the read tables have, at some point since this process started, held every stored event. */
    public boolean caughtUpSinceStart() {
        return caughtUpSinceStart;
    }

    @Scheduled(fixedDelayString = "${workshop.projection.lag-check-interval:1s}")
    void measure() {
        try {
            Snapshot snapshot = measureNow();
            latest = snapshot;
            if (snapshot.caughtUp() && !caughtUpSinceStart) {
                caughtUpSinceStart = true;
                log.info("The read tables hold every stored event (up to global index {})", snapshot.headIndex());
            }
        } catch (RuntimeException failure) {
            log.debug("Could not measure the projection's lag", failure);
        }
    }

    private Snapshot measureNow() {
        long head = jdbc.queryForObject("SELECT coalesce(max(global_index), -1) FROM domain_event_entry", Long.class);
        // Not the slowest token: that would show lag, and hold readiness back, for a projection that has handled
        // every event but not yet stored every segment's token past the others' events.
        long projected = positions.handledThrough(WorkshopViews.PROCESSING_GROUP, head).orElse(-1);
        if (projected >= head) {
            return new Snapshot(head, projected, 0, Duration.ZERO, clock.instant());
        }
        // Counting a large backlog every second would slow the projection that works it off (600,000 index
        // entries took 0.7 s); beyond a few thousand, the difference of global indexes stands in, which also
        // counts the rare index that an append left unused.
        long behind = head - projected > EXACT_COUNT_LIMIT ? head - projected
                : jdbc.queryForObject("SELECT count(*) FROM domain_event_entry WHERE global_index > ?",
                        Long.class, projected);
        List<String> oldest = jdbc.queryForList("SELECT time_stamp FROM domain_event_entry WHERE global_index > ? "
                + "ORDER BY global_index LIMIT 1", String.class, projected);
        Instant now = clock.instant();
        Duration waiting = oldest.isEmpty() ? Duration.ZERO : Duration.between(Instant.parse(oldest.get(0)), now);
        return new Snapshot(head, projected, behind, waiting.isNegative() ? Duration.ZERO : waiting, now);
    }
}
