package io.workshopstate.query.freshness;

import io.workshopstate.platform.eventstore.ChangeNotifier;
import io.workshopstate.platform.eventstore.ReconnectingConnection;
import io.workshopstate.platform.eventstore.WakeableEventStore;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Listens for PostgreSQL's notifications ({@link ChangeNotifier} sends them) on one connection of its own: new
 * events wake this process's event processors, a projection that advanced elsewhere wakes the reads waiting
 * for it. Without it both still happen, at the next poll. What this process sent itself is passed over: its
 * readers were woken when it happened, and waking them again costs each projection a query.
 * {@code workshop.change-notifications.enabled=false} turns it off, which is only ever useful to measure what it
 * saves.
 */
@Component
@ConditionalOnProperty(name = "workshop.change-notifications.enabled", havingValue = "true", matchIfMissing = true)
class ChangeNotificationListener implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ChangeNotificationListener.class);
    private static final int RECEIVE_TIMEOUT_MILLIS = 500;

    private final DataSource dataSource;
    private final WakeableEventStore eventStore;
    private final ProjectionFreshness freshness;
    private final ChangeNotifier notifier;
    private volatile boolean running;
    private Thread listener;

    ChangeNotificationListener(DataSource dataSource, WakeableEventStore eventStore, ProjectionFreshness freshness,
                               ChangeNotifier notifier) {
        this.dataSource = dataSource;
        this.eventStore = eventStore;
        this.freshness = freshness;
        this.notifier = notifier;
    }

    @Override
    public void start() {
        running = true;
        listener = new Thread(this::listenUntilStopped, "change-notifications");
        listener.setDaemon(true);
        listener.start();
    }

    @Override
    public void stop() {
        running = false;
        if (listener != null) {
            listener.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void listenUntilStopped() {
        ReconnectingConnection.useWhile(() -> running, dataSource, log,
                "Lost the connection that listens for change notifications; reconnecting in {} ms "
                        + "(readers poll meanwhile)",
                connection -> {
                    listen(connection);
                    receive(connection.unwrap(PGConnection.class));
                });
    }

    private static void listen(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("LISTEN " + ChangeNotifier.EVENTS_APPENDED);
            statement.execute("LISTEN " + ChangeNotifier.PROJECTION_ADVANCED);
        }
    }

    private void receive(PGConnection connection) throws SQLException {
        while (running) {
            PGNotification[] notifications = connection.getNotifications(RECEIVE_TIMEOUT_MILLIS);
            if (notifications == null) {
                continue;
            }
            boolean eventsAppended = false;
            boolean projectionAdvanced = false;
            for (PGNotification notification : notifications) {
                if (notifier.sentFromHere(notification)) {
                    continue;
                }
                eventsAppended |= ChangeNotifier.EVENTS_APPENDED.equals(notification.getName());
                projectionAdvanced |= ChangeNotifier.PROJECTION_ADVANCED.equals(notification.getName());
            }
            if (eventsAppended) {
                eventStore.eventsAppendedElsewhere();
            }
            if (projectionAdvanced) {
                freshness.projectionCommitted();
            }
        }
    }
}
