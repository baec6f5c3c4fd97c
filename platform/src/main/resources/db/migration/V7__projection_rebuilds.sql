-- The state of each projection's latest rebuild, so every query-side process can report it.
CREATE TABLE projection_rebuilds (
    projection   VARCHAR(255) PRIMARY KEY,
    state        VARCHAR(32)  NOT NULL,
    started_at   TIMESTAMPTZ  NOT NULL,
    finished_at  TIMESTAMPTZ,
    detail       TEXT
);
