package io.workshopstate.platform.eventstore;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Tells the other processes on the database, with PostgreSQL's {@code NOTIFY}, that this one appended events or
 * advanced a projection: after the commit, from a thread and a connection of its own. A {@code NOTIFY} inside
 * the writing transaction would have its commit hold PostgreSQL's notification lock, one for the whole server,
 * until the commit record is on disk, so that every writing transaction committed one after another; sent
 * afterwards, in a transaction that writes nothing, it holds that lock only while it is queued. Notes taken
 * while one is being sent, or within {@code minInterval} of it, go out together in the next: every notification
 * wakes every listening connection of the server, and under load, one after every commit took a tenth of
 * PostgreSQL's CPU. Should the database be unreachable, the other processes
 * still notice at their next poll. A listener in this process knows its own notifications by their sender
 * ({@link #sentFromHere}): it was told of those changes directly.
 */
public class ChangeNotifier implements SmartLifecycle {

    public static final String EVENTS_APPENDED = "workshop_events_appended";
    public static final String PROJECTION_ADVANCED = "workshop_projection_advanced";

    private static final Logger log = LoggerFactory.getLogger(ChangeNotifier.class);

    private final DataSource dataSource;
    private final Duration minInterval;
    private final AtomicBoolean eventsAppended = new AtomicBoolean();
    private final AtomicBoolean projectionAdvanced = new AtomicBoolean();
    private final Semaphore noted = new Semaphore(0);
    private volatile boolean running;
    private volatile int senderBackend;
    private Thread sender;

    public ChangeNotifier(DataSource dataSource, Duration minInterval) {
        if (minInterval.isNegative()) {
            throw new IllegalArgumentException("The minimum interval between notifications cannot be negative: "
                    + minInterval);
        }
        this.dataSource = dataSource;
        this.minInterval = minInterval;
    }

    /** Call after the commit that appended the events. */
    public void eventsAppended() {
        eventsAppended.set(true);
        noted.release();
    }

    /** Call after the commit of a projection's batch. */
    public void projectionAdvanced() {
        projectionAdvanced.set(true);
        noted.release();
    }

    @Override
    public void start() {
        running = true;
        sender = new Thread(this::sendUntilStopped, "change-notifier");
        sender.setDaemon(true);
        sender.setPriority(Thread.NORM_PRIORITY);
        sender.start();
    }

    @Override
    public void stop() {
        running = false;
        if (sender != null) {
            sender.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void sendUntilStopped() {
        ReconnectingConnection.useWhile(() -> running, dataSource, log,
                "Could not tell other processes of changes; trying again in {} ms (they poll meanwhile)",
                this::sendAsNoted);
    }

    /** Whether this process sent the notification (to the listeners of every process, its own among them). */
    public boolean sentFromHere(PGNotification notification) {
        return notification.getPID() == senderBackend;
    }

    private void sendAsNoted(Connection connection) throws SQLException, InterruptedException {
        senderBackend = connection.unwrap(PGConnection.class).getBackendPID();
        try (Statement statement = connection.createStatement()) {
            long sentAt = System.nanoTime() - minInterval.toNanos();
            while (running) {
                noted.acquire();
                long tooSoon = minInterval.toNanos() - (System.nanoTime() - sentAt);
                if (tooSoon > 0) {
                    TimeUnit.NANOSECONDS.sleep(tooSoon);
                }
                noted.drainPermits();
                boolean events = eventsAppended.getAndSet(false);
                boolean projection = projectionAdvanced.getAndSet(false);
                try {
                    send(statement, events, projection);
                    sentAt = System.nanoTime();
                } catch (SQLException failure) {
                    // Sent again once connected again.
                    if (events) {
                        eventsAppended();
                    }
                    if (projection) {
                        projectionAdvanced();
                    }
                    throw failure;
                }
            }
        }
    }

    private static void send(Statement statement, boolean events, boolean projection) throws SQLException {
        if (events && projection) {
            statement.execute("NOTIFY " + EVENTS_APPENDED + "; NOTIFY " + PROJECTION_ADVANCED);
        } else if (events) {
            statement.execute("NOTIFY " + EVENTS_APPENDED);
        } else if (projection) {
            statement.execute("NOTIFY " + PROJECTION_ADVANCED);
        }
    }
}
