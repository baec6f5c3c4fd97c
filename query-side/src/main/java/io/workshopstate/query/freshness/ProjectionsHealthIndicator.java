package io.workshopstate.query.freshness;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Part of a query-side process's readiness: it is not ready until the read tables have caught up with
 * the event store once since it started, so a load balancer sends no reads to a process that would
 * answer them with 503s while it replays. After that it stays up and reports how far behind it is,
 * since a burst of writes should slow reads, not take the process out of service.
 */
@Component("projections")
class ProjectionsHealthIndicator implements HealthIndicator {

    private final ProjectionLag lag;

    ProjectionsHealthIndicator(ProjectionLag lag) {
        this.lag = lag;
    }

    @Override
    public Health health() {
        ProjectionLag.Snapshot snapshot = lag.latest();
        Health.Builder health = lag.caughtUpSinceStart() ? Health.up() : Health.outOfService();
        if (snapshot.measuredAt() == null) {
            return health.withDetail("reason", "not measured yet").build();
        }
        return health
                .withDetail("headIndex", snapshot.headIndex())
                .withDetail("projectedIndex", snapshot.projectedIndex())
                .withDetail("eventsBehind", snapshot.eventsBehind())
                .withDetail("behindMillis", snapshot.behindBy().toMillis())
                .withDetail("measuredAt", snapshot.measuredAt().toString())
                .build();
    }
}
