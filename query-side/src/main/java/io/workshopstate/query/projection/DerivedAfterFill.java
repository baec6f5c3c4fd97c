package io.workshopstate.query.projection;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Rows a rebuild derives once, from the tables it has filled from the event history, instead of rewriting them
 * batch by batch while it fills: batches that {@linkplain ProjectionBatch#fillsRebuild() fill a rebuild} leave
 * them out.
 */
public interface DerivedAfterFill {

    /**
     * Creates, in the rebuild's schema (first on the search path), whatever the filling batches note for
     * {@link #derive}; runs before the first of them.
     */
    void prepare(JdbcTemplate jdbc);

    /**
     * Derives the rows once the filling has stopped, in the rebuild's schema (first on the search path). The tables
     * have their primary keys, but for those the filling only appends to, whose indexes are being built meanwhile;
     * their other indexes come after.
     */
    void derive(JdbcTemplate jdbc);
}
