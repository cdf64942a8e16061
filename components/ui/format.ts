// Display helpers shared by the pages. Dates are formatted on the server in UTC and passed down as text,
// so server and client renders always agree.

const dateFormat = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeZone: "UTC" });
const dateTimeFormat = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
const numberFormat = new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 });

/** A calendar date ("YYYY-MM-DD", as responses carry it) read as UTC midnight, so the UTC formats keep its day. */
function calendarDay(value: Date | string): Date {
  return typeof value === "string" ? new Date(`${value}T00:00:00.000Z`) : value;
}

/** A calendar date ("YYYY-MM-DD" or a Date at UTC midnight), e.g. "Jul 23, 1961". */
export function formatDate(value: Date | string | null | undefined): string {
  return value ? dateFormat.format(calendarDay(value)) : "—";
}

/** An instant, e.g. "Mar 5, 2026, 8:30 AM UTC": the zone is spelled out because the server formats it. */
export function formatDateTime(value: Date | null | undefined): string {
  return value ? `${dateTimeFormat.format(value)} UTC` : "—";
}

/** A calendar date as the YYYY-MM-DD value of an <input type="date">. */
export function isoDay(value: Date | string | null | undefined): string {
  return value ? calendarDay(value).toISOString().slice(0, 10) : "";
}

export function formatNumber(value: number): string {
  return numberFormat.format(value);
}

/** Whole years between a birth date ("YYYY-MM-DD" or UTC midnight) and `today`. */
export function ageOn(birth: Date | string, today: Date = new Date()): number {
  const birthDate = calendarDay(birth);
  const years = today.getUTCFullYear() - birthDate.getUTCFullYear();
  const month = today.getUTCMonth() - birthDate.getUTCMonth();
  const beforeBirthday = month < 0 || (month === 0 && today.getUTCDate() < birthDate.getUTCDate());
  return beforeBirthday ? years - 1 : years;
}

/** An enum value for people: "vital_signs" → "Vital signs", "entered_in_error" → "Entered in error". */
export function humanize(value: string | null | undefined): string {
  if (!value) return "—";
  const words = value.replaceAll("_", " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export interface PersonName {
  firstName: string;
  middleName?: string | null;
  lastName: string;
}

/** "Columbus Koepp" (middle names are for the chart header, not lists). */
export function displayName({ firstName, lastName }: PersonName): string {
  return `${firstName} ${lastName}`;
}

/** "Columbus J. Koepp"-style full name with every middle name. */
export function fullName({ firstName, middleName, lastName }: PersonName): string {
  return [firstName, middleName, lastName].filter(Boolean).join(" ");
}

/** "Koepp, Columbus": the form a patient list is scanned and sorted by. */
export function sortableName({ firstName, lastName }: PersonName): string {
  return `${lastName}, ${firstName}`;
}

/**
 * The masked SSN as shown on the chart, "•••-••-1234": never more than the last four digits (anything but four
 * digits is masked entirely); null when none is on file.
 */
export function maskedSsn(last4: string | null | undefined): string | null {
  if (last4 === null || last4 === undefined) return null;
  return /^\d{4}$/.test(last4) ? `•••-••-${last4}` : "•••-••-••••";
}

/** A revealed SSN ("123456789" or already dashed) written 123-45-6789. */
export function formatSsn(ssn: string): string {
  const digits = ssn.replace(/\D/g, "");
  return digits.length === 9 ? `${digits.slice(0, 3)}-${digits.slice(3, 5)}-${digits.slice(5)}` : ssn;
}
