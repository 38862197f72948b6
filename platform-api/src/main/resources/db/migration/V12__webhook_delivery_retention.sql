-- The delivery log is deleted by age (recurring job webhook-log-retention).
create index webhook_delivery_attempted_at on webhook_delivery (attempted_at);
