// Messages that read the same wherever a schema is used: the form shows the action's field errors, and the API
// answers with the same text. zod's own defaults ("Invalid input: expected string, received undefined") are for
// programmers, not for someone who left a field empty.

/** The message of a required field that was left empty, or a required key that was left out. */
export const REQUIRED = "Required";

const isMissing = (input: unknown): boolean => input === undefined || input === null || (typeof input === "string" && input.trim() === "");

/**
 * A zod `error` option: "Required" when the value is missing, null or blank; otherwise `message`, or zod's own
 * message when none is given (a number where text belongs is a programmer's mistake, and zod says which).
 */
export function requiredOr(message?: string) {
  return (issue: { input?: unknown }): string | undefined => (isMissing(issue.input) ? REQUIRED : message);
}

/** A calendar date as the app writes it everywhere ("Jan 1, 1900"), never as digits a date picker orders differently. */
export function spelledDate(isoDate: string): string {
  return new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeZone: "UTC" }).format(new Date(`${isoDate}T00:00:00.000Z`));
}
