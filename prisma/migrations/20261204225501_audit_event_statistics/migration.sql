-- Statistics on how the audit log's categorical columns go together. The planner otherwise multiplies their
-- selectivities as if independent: "denied" (1% of rows) and "authorization" (1%) estimate 0.01% together, while
-- every denied row is an authorization event — a hundredfold too few. The audit log counts a filter's matches
-- exactly only when the estimate is small (lib/audit/paging.ts), and picks its index from the same estimate, so
-- combined filters need the combinations' real frequencies (most common values over the columns together).
CREATE STATISTICS IF NOT EXISTS "audit_logs_event_columns_stats" (mcv, dependencies)
  ON "event_type", "event_category", "action", "status", "data_category", "resource_type", "user_role"
  FROM "audit_logs";
