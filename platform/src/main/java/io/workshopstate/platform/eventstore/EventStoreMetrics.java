package io.workshopstate.platform.eventstore;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.util.Map;

/**
 * How big the event store is: the number of stored events and the bytes the table takes with its
 * indexes. Measured on a schedule rather than at each scrape, so that a scrape does not hang while the
 * database is unreachable.
 *
 * <p>Events are counted once, then only those above the last settled global index: counting a million events
 * took about half a second of PostgreSQL's time at each measurement. An index {@value #SETTLING} below the
 * highest is settled: an append still uncommitted that far behind is taken as never to commit, as the
 * projections' tracking tokens take it (Axon's gap offset), and would not be counted should it commit after all.
 */
@Component
class EventStoreMetrics {

    /** How far below the highest global index an index is settled. */
    static final long SETTLING = EventStoreConfiguration.MAX_GAP_OFFSET;
    private static final Logger log = LoggerFactory.getLogger(EventStoreMetrics.class);

    private final JdbcTemplate jdbc;
    private volatile double events = Double.NaN;
    private volatile double bytes = Double.NaN;
    /** Only the scheduled measurement touches these two: how many events have global indexes up to the first. */
    private long settledThrough;
    private long settledEvents;

    EventStoreMetrics(JdbcTemplate jdbc, MeterRegistry meters) {
        this.jdbc = jdbc;
        Gauge.builder("workshop.eventstore.events", this, metrics -> metrics.events)
                .description("Events in the event store (domain_event_entry)")
                .baseUnit("events")
                .register(meters);
        Gauge.builder("workshop.eventstore.size", this, metrics -> metrics.bytes)
                .description("Disk space of the event store's table, its indexes and TOAST data")
                .baseUnit("bytes")
                .register(meters);
    }

    @Scheduled(initialDelay = 0, fixedDelayString = "${workshop.eventstore.metrics-interval:15s}")
    void measure() {
        try {
            long head = jdbc.queryForObject("SELECT coalesce(max(global_index), 0) FROM domain_event_entry", Long.class);
            long settling = Math.max(settledThrough, head - SETTLING);
            Map<String, Object> counted = jdbc.queryForMap("SELECT count(*) AS above, "
                            + "count(*) FILTER (WHERE global_index <= ?) AS settled FROM domain_event_entry "
                            + "WHERE global_index > ?", settling, settledThrough);
            events = settledEvents + ((Number) counted.get("above")).longValue();
            settledEvents += ((Number) counted.get("settled")).longValue();
            settledThrough = settling;
            bytes = jdbc.queryForObject("SELECT pg_total_relation_size('domain_event_entry')", Long.class);
        } catch (RuntimeException failure) {
            log.debug("Could not measure the event store", failure);
        }
    }
}
