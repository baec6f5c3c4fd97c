package io.workshopstate.standalone;

import io.workshopstate.platform.eventstore.ChangeNotifier;
import io.workshopstate.query.freshness.ProjectionFreshness;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.springframework.beans.factory.annotation.Autowired;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What another process on the database hears: after a save, that events were appended and that the projection
 * advanced, sent by the service after its commits; and what the service heeds: only what others sent. The
 * tables themselves no longer notify: a NOTIFY inside the writing transaction serializes the commits of the
 * whole server.
 */
class ChangeNotificationsIT extends HttpIntegrationTest {

    private static final String EVENTS_APPENDED = "workshop_events_appended";
    private static final String PROJECTION_ADVANCED = "workshop_projection_advanced";

    @Autowired
    ChangeNotifier notifier;

    @Autowired
    ProjectionFreshness freshness;

    @Autowired
    DataSource dataSource;

    @Test
    void aSaveIsAnnouncedAfterItsCommitsToListenersElsewhere() throws SQLException {
        String participant = Tokens.participant(uniqueUser("participant"));
        String sessionId = startSession(participant, createWorkshop(Tokens.facilitator(uniqueUser("facilitator")), 2));

        try (Connection listener = TestDatabase.connect()) {
            listen(listener);
            saveStep(participant, sessionId, 1, "heard elsewhere");

            assertThat(channelsHeard(listener, Set.of(EVENTS_APPENDED, PROJECTION_ADVANCED), Duration.ofSeconds(10)))
                    .containsExactlyInAnyOrder(EVENTS_APPENDED, PROJECTION_ADVANCED);
        }
    }

    @Test
    void itsOwnNotificationsDoNotWakeTheProcessAgainButThoseOfOthersDo() throws Exception {
        // Nothing left to project, so no projection commits here in the meantime: only notifications count.
        boolean caughtUp = freshness.awaitEverythingCommitted();
        for (int attempt = 1; !caughtUp && attempt < 10; attempt++) {
            caughtUp = freshness.awaitEverythingCommitted();
        }
        assertThat(caughtUp).as("the projection holds every stored event").isTrue();
        AtomicInteger commitsHeard = new AtomicInteger();
        freshness.onCommit(commitsHeard::incrementAndGet);

        try (Connection elsewhere = TestDatabase.connect()) {
            listen(elsewhere);
            notifier.projectionAdvanced();
            assertThat(channelsHeard(elsewhere, Set.of(PROJECTION_ADVANCED), Duration.ofSeconds(10)))
                    .as("the service's own notification, sent").contains(PROJECTION_ADVANCED);
            try (Statement statement = elsewhere.createStatement()) {
                statement.execute("NOTIFY " + PROJECTION_ADVANCED);
            }

            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (commitsHeard.get() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            // Both reach the service's listener in the order they were sent: were its own heard as well, the
            // count would be two by now or within moments.
            Thread.sleep(500);
            assertThat(commitsHeard).as("projection commits heard").hasValue(1);
        }
    }

    @Test
    void notesTakenWithinTheMinimumIntervalOfTheLastNotificationGoOutTogetherOnceItHasPassed() throws Exception {
        Duration minInterval = Duration.ofMillis(700);
        ChangeNotifier spaced = new ChangeNotifier(dataSource, minInterval);
        try (Connection elsewhere = TestDatabase.connect()) {
            listen(elsewhere);
            spaced.start();
            spaced.eventsAppended();
            List<Long> heardAt = new ArrayList<>(heardFrom(spaced, elsewhere, 1, Duration.ofSeconds(10)));
            long firstHeard = heardAt.get(0);

            spaced.eventsAppended();
            spaced.projectionAdvanced();
            spaced.eventsAppended();
            heardAt.addAll(heardFrom(spaced, elsewhere, 2, minInterval.multipliedBy(3)));

            assertThat(heardAt).as("notifications heard: the first, then one of each channel together")
                    .hasSize(3);
            assertThat(Duration.ofNanos(heardAt.get(1) - firstHeard)).as("the next, after the first")
                    .isGreaterThanOrEqualTo(minInterval.minusMillis(50));
        } finally {
            spaced.stop();
        }
    }

    @Test
    void theEventAndTokenTablesHaveNoTriggers() throws SQLException {
        try (Connection connection = TestDatabase.connect(); Statement statement = connection.createStatement();
             var triggers = statement.executeQuery("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal "
                     + "AND tgrelid IN ('domain_event_entry'::regclass, 'token_entry'::regclass)")) {
            assertThat(triggers.next()).as("a trigger on the event or token table").isFalse();
        }
    }


    private static void listen(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("LISTEN " + EVENTS_APPENDED);
            statement.execute("LISTEN " + PROJECTION_ADVANCED);
        }
    }

    /**
     * When each of the notifications the given notifier sent was received, until {@code count} were or the time
     * ran out.
     */
    private static List<Long> heardFrom(ChangeNotifier notifier, Connection connection, int count, Duration timeout)
            throws SQLException {
        List<Long> heardAt = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (heardAt.size() < count && System.nanoTime() < deadline) {
            PGNotification[] notifications = connection.unwrap(PGConnection.class).getNotifications(50);
            if (notifications != null) {
                for (PGNotification notification : notifications) {
                    if (notifier.sentFromHere(notification)) {
                        heardAt.add(System.nanoTime());
                    }
                }
            }
        }
        return heardAt;
    }

    /** The channels of the notifications received until all {@code expected} were, or the time ran out. */
    private static Set<String> channelsHeard(Connection connection, Set<String> expected, Duration timeout)
            throws SQLException {
        Set<String> heard = new HashSet<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!heard.containsAll(expected) && System.nanoTime() < deadline) {
            PGNotification[] notifications = connection.unwrap(PGConnection.class).getNotifications(200);
            if (notifications != null) {
                for (PGNotification notification : notifications) {
                    heard.add(notification.getName());
                }
            }
        }
        return heard;
    }
}
