package io.workshopstate.standalone;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A database of a test's own on the test server, for tests that must control everything in it: a
 * restart that nothing else projects for, or a schema that starts at an old release.
 */
final class ScratchDatabase implements AutoCloseable {

    private static final Pattern DATABASE_IN_URL = Pattern.compile("^(jdbc:postgresql://[^/?]*/)([^?]*)(\\?.*)?$");

    private final String name;
    private final String url;

    private ScratchDatabase(String name, String url) {
        this.name = name;
        this.url = url;
    }

    static ScratchDatabase create(String purpose) throws SQLException {
        String sharedUrl = TestDatabase.jdbcUrl();
        Matcher url = DATABASE_IN_URL.matcher(sharedUrl);
        if (!url.matches()) {
            throw new IllegalStateException("Cannot derive a database URL from " + sharedUrl);
        }
        String name = purpose + "_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection connection = connect(sharedUrl); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException failure) {
            throw new SQLException("This test needs a database of its own; the test server's user must be "
                    + "allowed to create databases (CREATEDB)", failure);
        }
        return new ScratchDatabase(name, url.group(1) + name + (url.group(3) == null ? "" : url.group(3)));
    }

    String url() {
        return url;
    }

    Connection connect() throws SQLException {
        return connect(url);
    }

    @Override
    public void close() throws SQLException {
        try (Connection connection = connect(TestDatabase.jdbcUrl()); Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }

    private static Connection connect(String url) throws SQLException {
        return DriverManager.getConnection(url, TestDatabase.username(), TestDatabase.password());
    }
}
