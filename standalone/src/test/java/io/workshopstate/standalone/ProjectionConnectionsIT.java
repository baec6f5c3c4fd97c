package io.workshopstate.standalone;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The projection's threads connect through a pool of their own, so requests that hold every connection of
 * theirs cannot keep the read tables from following the saves.
 */
class ProjectionConnectionsIT extends HttpIntegrationTest {

    private static final String PROJECTION = "workshop-state projection";

    @Autowired
    DataSource dataSource;

    @Test
    void theProjectionsThreadsConnectThroughTheirOwnPool() throws Exception {
        assertThat(applicationNameSeenFrom(new ThreadGroup("http-nio-exec"))).isNotEqualTo(PROJECTION);
        assertThat(applicationNameSeenFrom(new ThreadGroup("WorkPackage[workshop-views]"))).isEqualTo(PROJECTION);
        assertThat(applicationNameSeenFrom(new ThreadGroup("Coordinator[workshop-views]"))).isEqualTo(PROJECTION);
        assertThat(applicationNameSeenFrom(new ThreadGroup("workshop-views-rebuild"))).isEqualTo(PROJECTION);
    }

    @Test
    void theLiveProjectionUsesThem() throws Exception {
        String participant = Tokens.participant(uniqueUser("participant"));
        String sessionId = startSession(participant, createWorkshop(Tokens.facilitator(uniqueUser("facilitator")), 3));
        ApiClient.Response saved = saveStep(participant, sessionId, 1, "projected");
        ApiClient.Response read = api.get("/api/workshop/" + sessionId + "?minVersion=" + saved.number("version"),
                participant);
        assertThat(read.status()).isEqualTo(200);

        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet backends = statement.executeQuery("SELECT count(*) FROM pg_stat_activity "
                     + "WHERE datname = current_database() AND application_name = '" + PROJECTION + "'")) {
            backends.next();
            assertThat(backends.getInt(1)).isPositive();
        }
        ApiClient.Response scrape = api.getText("/actuator/prometheus");
        assertThat(scrape.rawBody()).containsPattern("hikaricp_connections_active\\{[^}]*pool=\"projection\"");
    }

    private String applicationNameSeenFrom(ThreadGroup group) throws Exception {
        AtomicReference<Object> seen = new AtomicReference<>();
        Thread thread = new Thread(group, () -> {
            try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                 ResultSet name = statement.executeQuery("SELECT current_setting('application_name')")) {
                name.next();
                seen.set(name.getString(1));
            } catch (Exception e) {
                seen.set(e);
            }
        });
        thread.start();
        thread.join();
        if (seen.get() instanceof Exception failure) {
            throw failure;
        }
        return (String) seen.get();
    }
}
