package io.workshopstate.standalone;

import io.workshopstate.query.projection.ColumnArrays;
import io.workshopstate.query.projection.StatementPipeline;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The statements of a projection batch go to PostgreSQL in one exchange, each with its own parameters. */
class StatementPipelineIT {

    /** The driver logs each protocol message it sends; a Sync ends an exchange. */
    private static final Logger PROTOCOL = Logger.getLogger("org.postgresql.core.v3.QueryExecutorImpl");

    private final AtomicInteger exchanges = new AtomicInteger();
    private final Handler syncCounter = new Handler() {
        @Override
        public void publish(LogRecord message) {
            if (" FE=> Sync".equals(message.getMessage())) {
                exchanges.incrementAndGet();
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private Connection connection;
    private JdbcTemplate jdbc;
    private final String table = "pipeline_" + UUID.randomUUID().toString().replace("-", "");

    @BeforeEach
    void connect() throws SQLException {
        connection = TestDatabase.connect();
        jdbc = new JdbcTemplate(new SingleConnectionDataSource(connection, true));
        jdbc.execute("CREATE TABLE " + table + " (id uuid PRIMARY KEY, label text, size int)");
        connection.setAutoCommit(false);
    }

    @AfterEach
    void dropTable() throws SQLException {
        PROTOCOL.removeHandler(syncCounter);
        PROTOCOL.setLevel(null);
        connection.rollback();
        connection.setAutoCommit(true);
        jdbc.execute("DROP TABLE " + table);
        connection.close();
    }

    @Test
    void sendsStatementsOfDifferentWidthsTogetherInTheirOrder() {
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        ColumnArrays rows = new ColumnArrays(3);
        rows.add(first, "first", 1);
        rows.add(second, "second", 2);
        ColumnArrays renamed = new ColumnArrays(2);
        renamed.add(second, "second, renamed");
        StatementPipeline statements = new StatementPipeline(jdbc);
        statements.add(insertRows(), rows);
        statements.add("UPDATE " + table + " t SET label = r.label FROM unnest(?::uuid[], ?::text[]) AS r (id, label) "
                + "WHERE t.id = r.id", renamed);
        statements.add("DELETE FROM " + table + " WHERE id = ANY(?::uuid[])", ColumnArrays.column(List.of(first)));

        countExchanges();
        statements.send();

        assertThat(exchanges).hasValue(1);
        assertThat(jdbc.queryForList("SELECT label || ':' || size FROM " + table, String.class))
                .containsExactly("second, renamed:2");
    }

    @Test
    void sendsWhatWasAddedBeforeAStatementThatGoesOnItsOwn() {
        ColumnArrays rows = new ColumnArrays(3);
        rows.add(UUID.randomUUID(), "added", 1);
        StatementPipeline statements = new StatementPipeline(jdbc);
        statements.add(insertRows(), rows);

        Integer seen = statements.jdbc().queryForObject("SELECT count(*) FROM " + table, Integer.class);

        assertThat(seen).isEqualTo(1);
    }

    @Test
    void aFailingStatementFailsTheSend() {
        UUID id = UUID.randomUUID();
        ColumnArrays row = new ColumnArrays(3);
        row.add(id, "twice", 1);
        StatementPipeline statements = new StatementPipeline(jdbc);
        statements.add(insertRows(), row);
        statements.add(insertRows(), row);

        assertThatThrownBy(statements::send).isInstanceOf(DataAccessException.class).hasMessageContaining(table);
    }

    /** Inserts rows given as arrays of ids, labels and sizes. */
    private String insertRows() {
        return "INSERT INTO " + table + " SELECT * FROM unnest(?::uuid[], ?::text[], ?::int[])";
    }

    private void countExchanges() {
        PROTOCOL.setLevel(Level.FINEST);
        PROTOCOL.addHandler(syncCounter);
    }
}
