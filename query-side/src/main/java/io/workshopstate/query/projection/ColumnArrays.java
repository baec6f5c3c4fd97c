package io.workshopstate.query.projection;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.PreparedStatementSetter;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.SQLException;
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
 *
 * <p>Rows that only need appending can go in with {@link #copyInto}: PostgreSQL's binary {@code COPY}, every
 * value in the form the table stores it, with no statement to plan and no conflicts to look for.
 */
public final class ColumnArrays {

    private enum Type {
        TEXT, INT4, INT8, UUID, TIMESTAMP
    }

    /** Where PostgreSQL's binary {@code timestamp} counts its microseconds from, in microseconds after 1970. */
    private static final long POSTGRES_EPOCH_MICROS = 946_684_800_000_000L;
    private static final byte[] COPY_SIGNATURE = "PGCOPY\n\377\r\n\0".getBytes(StandardCharsets.ISO_8859_1);

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
            columns.get(column).add(value);
        }
    }

    public boolean isEmpty() {
        return columns.get(0).isEmpty();
    }

    public PreparedStatementSetter binder() {
        return statement -> bindTo(statement, 1);
    }

    /** Binds one array per column, from parameter {@code first} on; returns the parameter after the last. */
    public int bindTo(PreparedStatement statement, int first) throws SQLException {
        for (int column = 0; column < columns.size(); column++) {
            List<Object> values = columns.get(column);
            int parameter = first + column;
            Type type = columnType(column);
            Object[] array = values.stream().map(value -> value == null ? null : bound(value, type)).toArray(
                    length -> switch (type) {
                        case TEXT -> new String[length];
                        case INT4 -> new Integer[length];
                        case INT8 -> new Long[length];
                        case UUID, TIMESTAMP -> new Object[length];
                    });
            switch (type) {
                case TEXT, INT4, INT8 -> statement.setObject(parameter, array);
                case UUID -> statement.setArray(parameter, statement.getConnection().createArrayOf("uuid", array));
                case TIMESTAMP -> statement.setArray(parameter,
                        statement.getConnection().createArrayOf("timestamp", array));
            }
        }
        return first + columns.size();
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

    /**
     * Appends the rows to {@code target}, a table and its columns in the order of the rows' values, with one
     * {@code COPY ... FROM STDIN (FORMAT binary)} in the current transaction.
     */
    public void copyInto(JdbcTemplate jdbc, String target) {
        byte[] rows = binaryCopy();
        jdbc.execute((ConnectionCallback<Long>) connection -> {
            CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI()
                    .copyIn("COPY " + target + " FROM STDIN (FORMAT binary)");
            copy.writeToCopy(rows, 0, rows.length);
            return copy.endCopy();
        });
    }

    private Type columnType(int column) {
        return types[column] == null ? Type.TEXT : types[column];
    }

    private static Object bound(Object value, Type type) {
        return switch (type) {
            case TEXT -> value.toString();
            case INT4 -> (Integer) value;
            case INT8 -> ((Number) value).longValue();
            case UUID -> value.toString();
            case TIMESTAMP -> LocalDateTime.ofInstant((Instant) value, ZoneOffset.UTC).toString();
        };
    }

    /** The rows in PostgreSQL's binary copy format: a header, each row's values by length, and a trailer. */
    private byte[] binaryCopy() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(1024 + columns.get(0).size() * 256);
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            out.write(COPY_SIGNATURE);
            out.writeInt(0);
            out.writeInt(0);
            int rows = columns.get(0).size();
            for (int row = 0; row < rows; row++) {
                out.writeShort(columns.size());
                for (int column = 0; column < columns.size(); column++) {
                    writeValue(out, columns.get(column).get(row), columnType(column));
                }
            }
            out.writeShort(-1);
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
        return buffer.toByteArray();
    }

    private static void writeValue(DataOutputStream out, Object value, Type type) throws IOException {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        switch (type) {
            case TEXT -> {
                byte[] text = value.toString().getBytes(StandardCharsets.UTF_8);
                out.writeInt(text.length);
                out.write(text);
            }
            case INT4 -> {
                out.writeInt(4);
                out.writeInt((Integer) value);
            }
            case INT8 -> {
                out.writeInt(8);
                out.writeLong(((Number) value).longValue());
            }
            case UUID -> {
                UUID uuid = (UUID) value;
                out.writeInt(16);
                out.writeLong(uuid.getMostSignificantBits());
                out.writeLong(uuid.getLeastSignificantBits());
            }
            case TIMESTAMP -> {
                Instant instant = (Instant) value;
                out.writeInt(8);
                out.writeLong(Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L),
                        instant.getNano() / 1_000) - POSTGRES_EPOCH_MICROS);
            }
        }
    }
}
