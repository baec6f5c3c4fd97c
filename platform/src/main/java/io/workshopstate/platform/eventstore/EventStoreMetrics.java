package io.workshopstate.platform.eventstore;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * How big the event store is: the number of stored events and the bytes the table takes with its
 * indexes. Counted on a schedule rather than at each scrape, because counting a large table is slow and
 * a scrape must not hang while the database is unreachable.
 */
@Component
class EventStoreMetrics {

    private static final Logger log = LoggerFactory.getLogger(EventStoreMetrics.class);

    private final JdbcTemplate jdbc;
    private volatile double events = Double.NaN;
    private volatile double bytes = Double.NaN;

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
            events = jdbc.queryForObject("SELECT count(*) FROM domain_event_entry", Long.class);
            bytes = jdbc.queryForObject("SELECT pg_total_relation_size('domain_event_entry')", Long.class);
        } catch (RuntimeException failure) {
            log.debug("Could not measure the event store", failure);
        }
    }
}
