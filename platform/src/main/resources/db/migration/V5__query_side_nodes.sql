-- Query-side processes announce themselves here, so each can take its fair share of the
-- projection's segments and leave the rest to the others.
CREATE TABLE query_side_nodes (
    node_id      VARCHAR(64) PRIMARY KEY,
    heartbeat_at TIMESTAMPTZ NOT NULL
);
