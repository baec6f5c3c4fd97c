package io.workshopstate.query.projection;

/** One table's share of a {@link ProjectionBatch}: what its events changed, written when the batch commits. */
public interface PendingWrites {

    /** Written in this order, so that a row's parent exists before it. */
    enum Stage { WORKSHOPS, SESSIONS, SESSION_CONTENT }

    Stage stage();

    void writeTo(StatementPipeline statements);
}
