-- Every save rewrites its step's row (about a kilobyte of text). Pages left half empty let PostgreSQL put the
-- new version beside the old one (a HOT update: no new index entries, and the old version pruned from the page
-- without a vacuum); full pages send each version to another page with two new index entries.
ALTER TABLE step_responses SET (fillfactor = 50);
