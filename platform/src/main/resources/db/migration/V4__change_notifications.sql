-- PostgreSQL tells listening processes when events are appended and when a projection advances, so
-- readers in other processes wake at once instead of polling. A notification is delivered when the
-- transaction commits, and PostgreSQL folds the identical ones of one transaction into one.

CREATE FUNCTION notify_events_appended() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('workshop_events_appended', '');
    RETURN NULL;
END
$$;

CREATE TRIGGER domain_event_entry_appended
    AFTER INSERT ON domain_event_entry
    FOR EACH STATEMENT EXECUTE FUNCTION notify_events_appended();

-- A tracking processor stores its token in the transaction that commits its projection work.
CREATE FUNCTION notify_projection_advanced() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('workshop_projection_advanced', '');
    RETURN NULL;
END
$$;

CREATE TRIGGER token_entry_advanced
    AFTER INSERT OR UPDATE ON token_entry
    FOR EACH STATEMENT EXECUTE FUNCTION notify_projection_advanced();
