/** Names of the fields a write set, for the audit trail (never their values). */
export function fieldNames(input: object): string[] {
  return Object.entries(input)
    .filter(([, value]) => value !== undefined)
    .map(([name]) => name)
    .sort();
}

/**
 * Demographic fields whose values the audit row may carry: codes and flags that identify nobody (none is one of
 * HIPAA's Safe Harbor identifiers). Names, dates, contact details, SSN and ids stay names only.
 */
export const VALUE_AUDITED_FIELDS = ["gender", "maritalStatus", "preferredLanguage", "country", "sourceEmr"] as const;
export type ValueAuditedField = (typeof VALUE_AUDITED_FIELDS)[number];

export type AuditedValue = string | number | boolean | null;

export type FieldChange = { from: AuditedValue; to: AuditedValue };

/**
 * What an edit's audit row says: every field it set by name, and from/to for each non-identifying field it set
 * (whether or not the value differed, so a review sees what was sent).
 */
export function changeDetails(
  before: Readonly<Record<ValueAuditedField, AuditedValue>>,
  input: Readonly<Partial<Record<string, unknown>>>,
): { fields: string[]; changes: Partial<Record<ValueAuditedField, FieldChange>> } {
  const changes: Partial<Record<ValueAuditedField, FieldChange>> = {};
  for (const field of VALUE_AUDITED_FIELDS) {
    const to = input[field];
    if (to === undefined) continue;
    changes[field] = { from: before[field], to: isAuditedValue(to) ? to : String(to) };
  }
  return { fields: fieldNames(input), changes };
}

function isAuditedValue(value: unknown): value is AuditedValue {
  return value === null || typeof value === "string" || typeof value === "number" || typeof value === "boolean";
}
