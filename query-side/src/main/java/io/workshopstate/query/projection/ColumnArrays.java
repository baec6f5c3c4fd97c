package io.workshopstate.query.projection;

import org.springframework.jdbc.core.PreparedStatementSetter;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * Rows bound as one array per column, for statements that take any number of rows in one round trip:
 * {@code INSERT INTO t (a, b) SELECT * FROM unnest(?::uuid[], ?::int[])}. Each array is bound under the
 * type of its column's values, so PostgreSQL reads it once when the statement starts. An array of text
 * cast in the statement instead is cast again for every row a plan compares with it: in
 * {@code WHERE id = ANY(?::uuid[])} on a sequential scan, every element of it for every row.
 *
 * <p>Texts and numbers go out in PostgreSQL's binary array format, which neither side has to escape or
 * parse character by character (a batch of saves carries a megabyte or more of text); UUIDs and times,
 * which the driver cannot send that way, go out as array literals.
 */
public final class ColumnArrays {

    private enum Type {
        TEXT, INT4, INT8, UUID, TIMESTAMP
    }

    private final List<List<Object>> columns = new ArrayList<>();
    private final Type[] types;

    public ColumnArrays(int columnCount) {
        for (int column = 0; column < columnCount; column++) {
            columns.add(new ArrayList<>());
        }
        types = new Type[columnCount];
    }

    /** One column of these values, for {@code WHERE id = ANY(?::uuid[])}. */
    public static ColumnArrays column(Collection<?> values) {
        ColumnArrays column = new ColumnArrays(1);
        values.forEach(column::add);
        return column;
    }

    /**
     * One row; {@code null} stays NULL and instants are stored as UTC, as the read tables expect. A column
     * takes the type of its first value that is not null.
     */
    public void add(Object... row) {
        if (row.length != columns.size()) {
            throw new IllegalArgumentException("Expected " + columns.size() + " columns, got " + row.length);
        }
        for (int column = 0; column < row.length; column++) {
            Object value = row[column];
            if (types[column] == null && value != null) {
                types[column] = typeOf(value);
            }
            columns.get(column).add(value == null ? null : converted(value, types[column]));
        }
    }

    public boolean isEmpty() {
        return columns.get(0).isEmpty();
    }

    public PreparedStatementSetter binder() {
        return statement -> {
            for (int column = 0; column < columns.size(); column++) {
                List<Object> values = columns.get(column);
                int parameter = column + 1;
                switch (types[column] == null ? Type.TEXT : types[column]) {
                    case TEXT -> statement.setObject(parameter, values.toArray(String[]::new));
                    case INT4 -> statement.setObject(parameter, values.toArray(Integer[]::new));
                    case INT8 -> statement.setObject(parameter, values.toArray(Long[]::new));
                    case UUID -> statement.setArray(parameter,
                            statement.getConnection().createArrayOf("uuid", values.toArray()));
                    case TIMESTAMP -> statement.setArray(parameter,
                            statement.getConnection().createArrayOf("timestamp", values.toArray()));
                }
            }
        };
    }

    private static Type typeOf(Object value) {
        if (value instanceof UUID) {
            return Type.UUID;
        }
        if (value instanceof Integer) {
            return Type.INT4;
        }
        if (value instanceof Long) {
            return Type.INT8;
        }
        if (value instanceof Instant) {
            return Type.TIMESTAMP;
        }
        return Type.TEXT;
    }

    private static Object converted(Object value, Type type) {
        return switch (type) {
            case TEXT -> value.toString();
            case INT4 -> (Integer) value;
            case INT8 -> value instanceof Integer small ? Long.valueOf(small) : (Long) value;
            case UUID -> value.toString();
            case TIMESTAMP -> LocalDateTime.ofInstant((Instant) value, ZoneOffset.UTC).toString();
        };
    }
}
