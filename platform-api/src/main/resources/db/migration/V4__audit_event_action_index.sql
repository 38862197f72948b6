-- The audit trail filtered by action (the console's action list and filter) uses an index, as the
-- filters by actor and target do.
create index audit_event_action on audit_event (action, occurred_at);
