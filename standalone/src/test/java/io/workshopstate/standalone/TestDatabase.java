package io.workshopstate.standalone;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.springframework.test.context.DynamicPropertyRegistry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * Where integration tests find PostgreSQL: the server named by {@code SPRING_DATASOURCE_URL} when it is
 * set (CI points it at the machine's server), otherwise one embedded server for the whole test run.
 */
final class TestDatabase {

    private static EmbeddedPostgres embedded;

    private TestDatabase() {
    }

    static void register(DynamicPropertyRegistry registry) {
        if (isConfiguredByEnvironment()) {
            return;
        }
        EmbeddedPostgres postgres = embedded();
        registry.add("spring.datasource.url", () -> postgres.getJdbcUrl("postgres", "postgres"));
        registry.add("spring.datasource.username", () -> "postgres");
    }

    static String jdbcUrl() {
        return isConfiguredByEnvironment() ? System.getenv("SPRING_DATASOURCE_URL")
                : embedded().getJdbcUrl("postgres", "postgres");
    }

    static String username() {
        String fromEnvironment = System.getenv("SPRING_DATASOURCE_USERNAME");
        return isConfiguredByEnvironment() && fromEnvironment != null ? fromEnvironment : "postgres";
    }

    static String password() {
        String fromEnvironment = System.getenv("SPRING_DATASOURCE_PASSWORD");
        return isConfiguredByEnvironment() && fromEnvironment != null ? fromEnvironment : "";
    }

    /** A connection of the test's own to the database the service under test uses. */
    static Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), username(), password());
    }

    private static boolean isConfiguredByEnvironment() {
        String url = System.getenv("SPRING_DATASOURCE_URL");
        return url != null && !url.isBlank();
    }

    private static synchronized EmbeddedPostgres embedded() {
        if (embedded == null) {
            try {
                embedded = EmbeddedPostgres.builder().start();
            } catch (IOException failure) {
                throw new UncheckedIOException("Could not start an embedded PostgreSQL for the tests", failure);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    embedded.close();
                } catch (IOException ignored) {
                    // The JVM is exiting; the temporary data directory goes with it.
                }
            }));
        }
        return embedded;
    }
}
