import { csvLine, type CsvValue } from "@/lib/audit/csv";
import type { DisclosureAccounting } from "@/lib/compliance/disclosures";
import type { ComplianceReport } from "@/lib/compliance/report";

type FigureRow = [section: string, metric: string, value: CsvValue];

/** Every figure of the report as one (section, metric, value) row, in the order the page shows them. */
export function complianceFigureRows(report: ComplianceReport): FigureRow[] {
  const { denials, emergencyAccess, verifications } = report;
  return [
    ["period", "from", report.period.from],
    ["period", "to", report.period.to],
    ...report.accessByRoleAndCategory.map((row): FigureRow => ["access", `${row.role} / ${row.category}`, row.count]),
    ["denials", "total", denials.total],
    ...denials.byReason.map((row): FigureRow => ["denials by reason", row.label, row.value]),
    ...denials.topUsers.map((row): FigureRow => ["denials by user", row.label, row.value]),
    ...denials.topIps.map((row): FigureRow => ["denials by IP address", row.label, row.value]),
    ["emergency access", "granted", emergencyAccess.granted],
    ["emergency access", "reviewed", emergencyAccess.reviewed],
    ["emergency access", "awaiting review", emergencyAccess.awaiting],
    ["emergency access", "overdue", emergencyAccess.overdue],
    ...report.alerts.map((row): FigureRow => ["alerts", `${row.rule} / ${row.status}`, row.count]),
    ["chain verification", "runs", verifications.runs],
    ["chain verification", "ok", verifications.ok],
    ["chain verification", "failed", verifications.failed],
    ["chain verification", "last run", verifications.last?.at ?? null],
    ["chain verification", "last result", verifications.last ? (verifications.last.ok ? "ok" : "failed") : null],
    ["retention", "runs", report.retentionRuns.runs],
    ["retention", "rows deleted", report.retentionRuns.deleted],
    ["key rotation", "runs", report.keyRotations.runs],
    ["key rotation", "rows re-encrypted", report.keyRotations.rowsReencrypted],
  ];
}

export function complianceCsv(report: ComplianceReport): string {
  return [csvLine(["section", "metric", "value"]), ...complianceFigureRows(report).map(csvLine)].join("");
}

export function disclosuresCsv(accounting: DisclosureAccounting): string {
  const header = csvLine(["timestamp", "recipient", "recipient_kind", "action", "data_category", "status", "purpose", "audit_id"]);
  const rows = accounting.disclosures.map((row) => csvLine([row.at, row.recipient, row.recipientKind, row.action, row.dataCategory, row.status, row.purpose, row.id]));
  return [header, ...rows].join("");
}
