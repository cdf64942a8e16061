/** Audit times are shown in UTC, the same on the server and in every browser (no hydration drift, no ambiguity). */
export function utcDateTime(date: Date): string {
  return date.toISOString().slice(0, 19).replace("T", " ");
}

export function formatUtc(date: Date): string {
  return `${utcDateTime(date)} UTC`;
}

/** "patient_view" → "patient view", for enum-like values shown to people. */
export function humanize(value: string): string {
  return value.replaceAll("_", " ");
}

const countFormat = new Intl.NumberFormat("en-US");

export function formatCount(value: number): string {
  return countFormat.format(value);
}
