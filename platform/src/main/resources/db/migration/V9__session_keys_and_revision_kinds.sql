-- Every session's texts are sealed with a key of its own before they enter an event. Erasing a
-- participant destroys the keys of their sessions: the events stay, ordered and intact, but their texts
-- can no longer be read by anyone, in the event store, its snapshots and dead letters, or any rebuild.
CREATE TABLE session_keys (
    session_id     UUID PRIMARY KEY,
    participant_id VARCHAR(255) NOT NULL,
    data_key       BYTEA,
    created_at     TIMESTAMPTZ  NOT NULL DEFAULT NOW(),
    erased_at      TIMESTAMPTZ,
    CHECK ((data_key IS NULL) = (erased_at IS NOT NULL))
);
CREATE INDEX session_keys_participant ON session_keys (participant_id);

-- History tells saves from undos and redos.
ALTER TABLE step_response_revisions
    ADD COLUMN kind            VARCHAR(20) NOT NULL DEFAULT 'saved',
    ADD COLUMN undone_revision BIGINT,
    ADD COLUMN redone_revision BIGINT;
