-- A query-side process announces itself under the name its segment claims carry in token_entry.owner
-- ("pid@host/suffix"), so that its claims can be counted; host names may be longer than 64 characters.
ALTER TABLE query_side_nodes ALTER COLUMN node_id TYPE VARCHAR(255);
