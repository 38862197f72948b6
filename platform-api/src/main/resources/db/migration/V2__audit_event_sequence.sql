-- Audit event ids come from a sequence, 50 at a time per instance: EclipseLink asks H2 for an
-- identity with CALL IDENTITY(), which H2 2 no longer has, and a sequence saves a round trip per
-- insert on PostgreSQL too. EclipseLink reads a value as the last of its block of 50, so the first
-- value is 50.
create sequence audit_event_seq start with 50 increment by 50;
