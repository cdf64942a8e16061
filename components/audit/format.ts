/** Audit times are shown in UTC, the same on the server and in every browser (no hydration drift, no ambiguity). */
export function utcDateTime(date: Date): string {
  return date.toISOString().slice(0, 19).replace("T", " ");
}

export function formatUtc(date: Date): string {
  return `${utcDateTime(date)} UTC`;
}
