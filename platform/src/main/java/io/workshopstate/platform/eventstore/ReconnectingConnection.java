package io.workshopstate.platform.eventstore;

import org.slf4j.Logger;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * A database connection that one thread keeps for itself while it is wanted, as the threads that send and hear
 * change notifications do. When the connection fails: a warning, then a new connection after a delay that doubles
 * from 100 ms up to 10 s, and starts again from 100 ms once a connection is open.
 */
public final class ReconnectingConnection {

    private static final Duration FIRST_DELAY = Duration.ofMillis(100);
    private static final Duration MAX_DELAY = Duration.ofSeconds(10);

    /** The thread's work on an open connection (in autocommit), until the connection fails or the thread stops. */
    @FunctionalInterface
    public interface Work {
        void use(Connection connection) throws SQLException, InterruptedException;
    }

    private ReconnectingConnection() {
    }

    /**
     * Returns when {@code running} turns false or the thread is interrupted.
     *
     * @param lost the warning when the connection fails, with {@code {}} for the delay in milliseconds
     */
    public static void useWhile(BooleanSupplier running, DataSource dataSource, Logger log, String lost, Work work) {
        Duration delay = FIRST_DELAY;
        try {
            while (running.getAsBoolean()) {
                try (Connection connection = dataSource.getConnection()) {
                    connection.setAutoCommit(true);
                    delay = FIRST_DELAY;
                    work.use(connection);
                } catch (SQLException failure) {
                    if (!running.getAsBoolean()) {
                        return;
                    }
                    log.warn(lost, delay.toMillis(), failure);
                    Thread.sleep(delay.toMillis());
                    delay = delay.multipliedBy(2).compareTo(MAX_DELAY) < 0 ? delay.multipliedBy(2) : MAX_DELAY;
                }
            }
        } catch (InterruptedException stopping) {
            // The thread's owner interrupts it to end it.
        }
    }
}
