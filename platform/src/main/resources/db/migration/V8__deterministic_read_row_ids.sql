-- Rows of step_responses and step_response_revisions get ids derived from what they are (the session,
-- the step, the revision), as projections now create them: a projection finds its row by primary key,
-- within its own batch too, and a rebuild reproduces every row exactly, ids included.
-- name_uuid() is Java's UUID.nameUUIDFromBytes over the UTF-8 text: MD5 with the version 3 bits.
CREATE FUNCTION name_uuid(name TEXT) RETURNS UUID LANGUAGE sql IMMUTABLE AS $$
    SELECT (substr(h, 1, 12) || '3' || substr(h, 14, 3)
            || to_hex((('x' || substr(h, 17, 1))::bit(4)::int & 3) | 8) || substr(h, 18, 15))::uuid
    FROM (SELECT md5(name) AS h) AS digest
$$;

UPDATE step_responses
SET id = name_uuid('step-response:' || session_id || ':' || step_number);

UPDATE step_response_revisions
SET id = name_uuid('step-revision:' || session_id || ':' || step_number || ':' || revision);
