/** A value as it may appear in a CSV cell. */
export type CsvValue = string | number | bigint | boolean | Date | null | undefined;

// Spreadsheets run a cell starting with one of these as a formula (CSV injection, OWASP): such text gets a leading
// apostrophe so it is shown, never evaluated. Numbers are left alone, so negative values stay numbers.
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

/** One RFC 4180 cell: quoted when needed, inner quotes doubled, formula-looking text defused. */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return value.toISOString();
  if (typeof value !== "string") return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One CSV record, CRLF-terminated as RFC 4180 asks. */
export function csvLine(values: readonly CsvValue[]): string {
  return `${values.map(csvCell).join(",")}\r\n`;
}

/** The audit export's columns, in order: the CSV header line (snake_case, as the database names them). */
export const AUDIT_CSV_HEADER = [
  "id",
  "timestamp",
  "event_type",
  "event_category",
  "action",
  "user_id",
  "username",
  "user_role",
  "resource_type",
  "resource_id",
  "patient_id",
  "patient_mrn",
  "data_category",
  "status",
  "status_code",
  "ip_address",
  "user_agent",
  "request_method",
  "request_path",
  "request_id",
  "correlation_id",
  "duration_ms",
  "details",
] as const;
export type AuditCsvColumn = (typeof AUDIT_CSV_HEADER)[number];
