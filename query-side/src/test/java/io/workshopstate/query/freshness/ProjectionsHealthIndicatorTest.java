package io.workshopstate.query.freshness;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.workshopstate.query.projection.ProjectionPositions;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

class ProjectionsHealthIndicatorTest {

    private static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");

    /** What the event store and the token table hold, as the measurement's queries see them. */
    private long head;
    private OptionalLong handled = OptionalLong.empty();
    private long unprojected;
    private Instant oldestUnprojected = NOW;
    private boolean databaseDown;

    private final JdbcTemplate jdbc = mock(JdbcTemplate.class, invocation -> {
        if (databaseDown) {
            throw new DataAccessResourceFailureException("connection refused");
        }
        String sql = invocation.getArgument(0);
        return switch (invocation.getMethod().getName()) {
            case "queryForObject" -> sql.contains("max(global_index)") ? head : unprojected;
            case "queryForList" -> List.of(oldestUnprojected.toString());
            default -> throw new AssertionError("unexpected query " + sql);
        };
    });
    private final ProjectionPositions projectionPositions = mock(ProjectionPositions.class, invocation -> {
        if (!"handledThrough".equals(invocation.getMethod().getName())) {
            throw new AssertionError("unexpected call " + invocation);
        }
        return handled;
    });
    private final ProjectionLag lag = new ProjectionLag(jdbc, projectionPositions, Clock.fixed(NOW, ZoneOffset.UTC),
            new SimpleMeterRegistry());
    private final ProjectionsHealthIndicator indicator = new ProjectionsHealthIndicator(lag);

    @Test
    void notReadyBeforeTheFirstMeasurement() {
        assertThat(indicator.health().getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
    }

    @Test
    void notReadyWhileTheReadTablesAreBehindAfterStartAndSaysHowFar() {
        head = 10;
        handled = OptionalLong.of(4);
        unprojected = 6;
        oldestUnprojected = NOW.minusMillis(2500);

        lag.measure();
        Health health = indicator.health();

        assertThat(health.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
        assertThat(health.getDetails()).containsEntry("eventsBehind", 6L).containsEntry("behindMillis", 2500L)
                .containsEntry("projectedIndex", 4L).containsEntry("headIndex", 10L);
    }

    @Test
    void readyOnceEveryEventUpToTheHeadIsHandled() {
        head = 10;
        handled = OptionalLong.of(6);
        unprojected = 4;
        lag.measure();
        assertThat(indicator.health().getStatus()).isEqualTo(Status.OUT_OF_SERVICE);

        handled = OptionalLong.of(10);
        lag.measure();

        assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
        assertThat(indicator.health().getDetails()).containsEntry("eventsBehind", 0L);
    }

    @Test
    void readyOnceCaughtUpAndStaysReadyWhenLaterWritesGetAhead() {
        head = 10;
        handled = OptionalLong.of(10);
        lag.measure();
        assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);

        head = 20;
        handled = OptionalLong.of(12);
        unprojected = 8;
        lag.measure();

        assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
        assertThat(indicator.health().getDetails()).containsEntry("eventsBehind", 8L);
    }

    @Test
    void aProjectionThatNeverStartedIsBehindByEveryEvent() {
        head = 3;
        unprojected = 3;

        lag.measure();

        assertThat(indicator.health().getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
        assertThat(indicator.health().getDetails()).containsEntry("projectedIndex", -1L).containsEntry("eventsBehind", 3L);
    }

    @Test
    void anUnreachableDatabaseKeepsTheLastMeasurement() {
        head = 5;
        handled = OptionalLong.of(5);
        lag.measure();
        databaseDown = true;

        lag.measure();

        assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
        assertThat(indicator.health().getDetails()).containsEntry("headIndex", 5L);
    }
}
