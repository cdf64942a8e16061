import type { ColumnVisibilityState } from "@tanstack/react-table";

// Which columns a user shows in a table, remembered in a cookie per table and per user: the server reads it and
// renders the chosen columns in the first paint (no flash of the defaults, no hydration mismatch), choosing costs
// no request, and on a shared workstation each user who signs in gets their own choice back. It holds column ids
// only, nothing about the data.

const ONE_YEAR_SECONDS = 365 * 24 * 60 * 60;
const COLUMN_ID = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

/** The cookie remembering `table`'s columns for `userId`. */
export function columnsCookieName(table: string, userId: string): string {
  return `columns.${table}.${userId}`;
}

export interface ColumnChoice {
  /** Every column the picker offers, in table order. */
  columns: readonly string[];
  /** The columns shown when the user has chosen nothing. */
  defaults: readonly string[];
}

/** The visible columns the cookie value names (known ones only), or the defaults when it names none. */
export function visibleColumnsFrom(cookieValue: string | undefined, { columns, defaults }: ColumnChoice): string[] {
  const chosen = (cookieValue ?? "").split(".").filter((id) => COLUMN_ID.test(id) && columns.includes(id));
  return chosen.length > 0 ? columns.filter((id) => chosen.includes(id)) : [...defaults];
}

/** TanStack's visibility state for the shown columns: every other column explicitly hidden. */
export function visibilityState(visible: readonly string[], { columns }: ColumnChoice): ColumnVisibilityState {
  return Object.fromEntries(columns.map((id) => [id, visible.includes(id)]));
}

/** The visible columns of a visibility state, in table order. */
export function visibleColumnsOf(state: ColumnVisibilityState, { columns }: ColumnChoice): string[] {
  return columns.filter((id) => state[id] !== false);
}

/** Remembers the choice in the browser (client only), for the path the table lives under. */
export function rememberColumns(cookieName: string, visible: readonly string[], path: string): void {
  const secure = window.location.protocol === "https:" ? "; Secure" : "";
  document.cookie = `${cookieName}=${visible.join(".")}; Path=${path}; Max-Age=${ONE_YEAR_SECONDS}; SameSite=Lax${secure}`;
}
