// Every text column of audit_logs with its length (prisma/schema.prisma; bounds.int.test.ts compares them with the
// table itself). The audit writer fits each value to its column, so no input — a long X-Forwarded-For, a huge
// User-Agent, a NUL byte in a path — can make an audit INSERT fail and take the lockout or a denial down with it.
export const AUDIT_TEXT_COLUMNS = {
  event_type: 64,
  event_category: 64,
  action: 128,
  user_id: 64,
  username: 255,
  user_role: 32,
  resource_type: 64,
  resource_id: 128,
  patient_mrn: 64,
  ip_address: 64,
  user_agent: 512,
  request_method: 16,
  request_path: 1024,
  status: 16,
  data_category: 32,
  request_id: 64,
  correlation_id: 128,
} as const;

export type AuditTextColumn = keyof typeof AUDIT_TEXT_COLUMNS;

/** Longest string kept inside `details`; longer ones are cut like column values. */
export const DETAIL_STRING_LENGTH = 1024;

const TRUNCATED = "…";
// PostgreSQL text cannot hold NUL, and jsonb refuses an unpaired surrogate: both would fail the INSERT.
const NUL = /\u0000/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** `value` storable in PostgreSQL and at most `length` characters (PostgreSQL counts code points), "…" marking a cut. */
export function fitText(value: string, length: number): string {
  const clean = value.replace(NUL, "").replace(LONE_SURROGATE, "\uFFFD");
  const characters = Array.from(clean);
  return characters.length <= length ? clean : characters.slice(0, length - 1).join("") + TRUNCATED;
}

/** A value for a text column of audit_logs: fitted to the column, or null. */
export function fitColumn(column: AuditTextColumn, value: string | null | undefined): string | null {
  return value === null || value === undefined ? null : fitText(value, AUDIT_TEXT_COLUMNS[column]);
}

/** `details` with every string (keys too) fitted, so the jsonb column accepts whatever a caller put in. */
export function fitDetails(value: unknown): unknown {
  if (typeof value === "string") return fitText(value, DETAIL_STRING_LENGTH);
  if (Array.isArray(value)) return value.map(fitDetails);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, entry]) => [fitText(key, DETAIL_STRING_LENGTH), fitDetails(entry)]));
  }
  return value;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** patient_id is a uuid column: anything else would fail the cast, so it is stored as no patient id. */
export function fitUuid(value: string | null | undefined): string | null {
  return value && UUID.test(value) ? value : null;
}
