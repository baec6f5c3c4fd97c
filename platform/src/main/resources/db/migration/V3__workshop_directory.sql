-- The command side's own knowledge of workshops, written in the same transaction as their events:
-- a session's commands check here that the workshop exists, how many steps it has and that it is open.
CREATE TABLE workshop_directory (
    workshop_id UUID    PRIMARY KEY,
    step_count  INTEGER NOT NULL,
    closed      BOOLEAN NOT NULL DEFAULT FALSE
);
