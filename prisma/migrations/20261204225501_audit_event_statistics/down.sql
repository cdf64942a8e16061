-- Undoes the audit event statistics: the planner goes back to independent per-column estimates.
DROP STATISTICS IF EXISTS "audit_logs_event_columns_stats";
