package io.workshopstate.query.projection;

import org.springframework.jdbc.core.PreparedStatementSetter;

import java.sql.Array;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * Rows bound as one array per column, for statements that take any number of rows in one round trip:
 * {@code INSERT INTO t (a, b) SELECT * FROM unnest(?::uuid[], ?::int[])}. Each array goes out as text
 * under the type of its column's values, so PostgreSQL reads it once when the statement starts. An array
 * of text cast in the statement instead is cast again for every row a plan compares with it: in
 * {@code WHERE id = ANY(?::uuid[])} on a sequential scan, every element of it for every row.
 */
public final class ColumnArrays {

    private final List<List<String>> columns = new ArrayList<>();
    private final String[] types;

    public ColumnArrays(int columnCount) {
        for (int column = 0; column < columnCount; column++) {
            columns.add(new ArrayList<>());
        }
        types = new String[columnCount];
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
            if (types[column] == null && row[column] != null) {
                types[column] = typeOf(row[column]);
            }
        }
    }

    public boolean isEmpty() {
        return columns.get(0).isEmpty();
    }

    public PreparedStatementSetter binder() {
        return statement -> {
            for (int column = 0; column < columns.size(); column++) {
                String type = types[column] == null ? "text" : types[column];
                Array values = statement.getConnection().createArrayOf(type, columns.get(column).toArray());
                statement.setArray(column + 1, values);
            }
        };
    }

    /** The PostgreSQL type of a value, as {@link #text} writes it. */
    private static String typeOf(Object value) {
        if (value instanceof UUID) {
            return "uuid";
        }
        if (value instanceof Integer) {
            return "int4";
        }
        if (value instanceof Long) {
            return "int8";
        }
        if (value instanceof Instant) {
            return "timestamp";
        }
        return "text";
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
