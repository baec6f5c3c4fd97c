package io.workshopstate.query.projection;

import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A batch's statements, sent to PostgreSQL together: the driver sends the statements of one prepared statement
 * in a single exchange and waits once for all their answers. Each exchange costs the sender a write and
 * PostgreSQL's backend a wake-up; sent one after the other, a batch's row writes were three of them.
 */
public final class StatementPipeline {

    private record Statement(String sql, ColumnArrays parameters) {
    }

    private final JdbcTemplate jdbc;
    private final List<Statement> pending = new ArrayList<>();

    public StatementPipeline(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A statement whose parameters are the arrays of {@code parameters}' columns, in order; sent with the rest. */
    public void add(String sql, ColumnArrays parameters) {
        pending.add(new Statement(sql, parameters));
    }

    /** For statements that go on their own ({@code COPY}, JDBC batches): what was added before them is sent first. */
    public JdbcTemplate jdbc() {
        send();
        return jdbc;
    }

    /** Sends what was added, in the order it was added, in one exchange. */
    public void send() {
        if (pending.isEmpty()) {
            return;
        }
        List<Statement> statements = List.copyOf(pending);
        pending.clear();
        jdbc.update(statements.stream().map(Statement::sql).collect(Collectors.joining(";\n")), prepared -> {
            int next = 1;
            for (Statement statement : statements) {
                next = statement.parameters().bindTo(prepared, next);
            }
        });
    }
}
