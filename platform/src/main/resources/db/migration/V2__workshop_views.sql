-- The read model: the four tables of the persistence design, built by projections from the events.
-- Columns beyond the design (title, revision, version ...) carry what the API answers with.
-- Times are UTC.

CREATE TABLE workshops (
    id             UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    facilitator_id VARCHAR(255) NOT NULL,
    created_at     TIMESTAMP    NOT NULL DEFAULT NOW(),
    status         VARCHAR(50)  NOT NULL DEFAULT 'active',
    title          VARCHAR(200) NOT NULL,
    step_count     INTEGER      NOT NULL,
    closed_at      TIMESTAMP,
    version        BIGINT       NOT NULL
);

CREATE TABLE workshop_sessions (
    id             UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    workshop_id    UUID         NOT NULL REFERENCES workshops (id),
    participant_id VARCHAR(255) NOT NULL,
    current_step   INTEGER      NOT NULL DEFAULT 1,
    started_at     TIMESTAMP    NOT NULL DEFAULT NOW(),
    updated_at     TIMESTAMP    NOT NULL DEFAULT NOW(),
    version        BIGINT       NOT NULL,
    UNIQUE (workshop_id, participant_id)
);
CREATE INDEX workshop_sessions_participant ON workshop_sessions (participant_id, updated_at DESC);

CREATE TABLE step_responses (
    id            UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    session_id    UUID      NOT NULL REFERENCES workshop_sessions (id),
    step_number   INTEGER   NOT NULL,
    response_text TEXT,
    created_at    TIMESTAMP NOT NULL DEFAULT NOW(),
    updated_at    TIMESTAMP NOT NULL DEFAULT NOW(),
    revision      BIGINT    NOT NULL,
    UNIQUE (session_id, step_number)
);

CREATE TABLE chat_messages (
    id              UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    session_id      UUID        NOT NULL REFERENCES workshop_sessions (id),
    step_number     INTEGER     NOT NULL,
    role            VARCHAR(50) NOT NULL, -- 'user' or 'assistant'
    content         TEXT        NOT NULL,
    timestamp       TIMESTAMP   NOT NULL DEFAULT NOW(),
    message_id      UUID        NOT NULL,
    session_version BIGINT      NOT NULL,
    UNIQUE (session_id, message_id)
);
CREATE INDEX chat_messages_session_order ON chat_messages (session_id, session_version);

-- Every revision of every step: version history, and the proof that no answered save was lost.
CREATE TABLE step_response_revisions (
    id            UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    session_id    UUID      NOT NULL REFERENCES workshop_sessions (id),
    step_number   INTEGER   NOT NULL,
    revision      BIGINT    NOT NULL,
    response_text TEXT      NOT NULL,
    saved_at      TIMESTAMP NOT NULL,
    UNIQUE (session_id, step_number, revision)
);
