package io.workshopstate.query.projection;

import org.springframework.jdbc.core.PreparedStatementSetter;

import java.sql.Array;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Rows bound as one array per column, for statements that take any number of rows in one round trip:
 * {@code INSERT INTO t (a, b) SELECT * FROM unnest(?::uuid[], ?::int[])}. Every array is sent as text
 * and cast by the statement, so any column type works the same way.
 */
public final class ColumnArrays {

    private final List<List<String>> columns = new ArrayList<>();

    public ColumnArrays(int columnCount) {
        for (int column = 0; column < columnCount; column++) {
            columns.add(new ArrayList<>());
        }
    }

    /** One column of these values, for {@code WHERE id = ANY(?::uuid[])}. */
    public static ColumnArrays column(Collection<?> values) {
        ColumnArrays column = new ColumnArrays(1);
        values.forEach(column::add);
        return column;
    }

    /** One row; {@code null} stays NULL and instants are stored as UTC, as the read entities expect. */
    public void add(Object... row) {
        if (row.length != columns.size()) {
            throw new IllegalArgumentException("Expected " + columns.size() + " columns, got " + row.length);
        }
        for (int column = 0; column < row.length; column++) {
            columns.get(column).add(text(row[column]));
        }
    }

    public boolean isEmpty() {
        return columns.get(0).isEmpty();
    }

    public PreparedStatementSetter binder() {
        return statement -> {
            for (int column = 0; column < columns.size(); column++) {
                Array values = statement.getConnection().createArrayOf("text", columns.get(column).toArray());
                statement.setArray(column + 1, values);
            }
        };
    }

    private static String text(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Instant instant) {
            return LocalDateTime.ofInstant(instant, ZoneOffset.UTC).toString();
        }
        return value.toString();
    }
}
