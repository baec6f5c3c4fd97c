-- The processes now send their change notifications themselves, after the commit (ChangeNotifier). A NOTIFY
-- from a trigger ran inside the writing transaction, whose commit then held PostgreSQL's notification lock,
-- one for the whole server, until its commit record was on disk: every save committed after the one before.

DROP TRIGGER domain_event_entry_appended ON domain_event_entry;
DROP FUNCTION notify_events_appended();

DROP TRIGGER token_entry_advanced ON token_entry;
DROP FUNCTION notify_projection_advanced();
