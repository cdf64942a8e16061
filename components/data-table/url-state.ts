/** A query-string change: a value sets the parameter, null or undefined removes it. */
export type ParamUpdates = Record<string, string | number | null | undefined>;

/** The query string ("?a=1", or "" when empty) of `current` with `updates` applied. */
export function withParams(current: URLSearchParams | string, updates: ParamUpdates): "" | `?${string}` {
  const params = new URLSearchParams(current);
  for (const [key, value] of Object.entries(updates)) {
    if (value === null || value === undefined || value === "") params.delete(key);
    else params.set(key, String(value));
  }
  const query = params.toString();
  return query ? `?${query}` : "";
}

/** Sort and page as a server-paginated list receives them from its URL. */
export interface TableQuery {
  page: number;
  pageSize: number;
  sort?: { field: string; dir: "asc" | "desc" };
}

/**
 * The URL parameters a data table owns: `page` for numbered pages, `after` / `before` for keyset pages (a cursor).
 * Changing the filter, the sort or the page size goes back to the first page.
 */
export const TABLE_PARAMS = { page: "page", after: "after", before: "before", pageSize: "pageSize", sort: "sort", dir: "dir" } as const;

/** The updates that return a list to its first page, whichever way it pages. */
export const FIRST_PAGE: ParamUpdates = { [TABLE_PARAMS.page]: null, [TABLE_PARAMS.after]: null, [TABLE_PARAMS.before]: null };

/** What a Next.js page receives as `searchParams` once awaited. */
export type PageSearchParams = Record<string, string | string[] | undefined>;

/** A page's searchParams as URLSearchParams, first value of repeated keys (as the zod query schemas read them). */
export function searchParamsOf(record: PageSearchParams, keys?: readonly string[]): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(record)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined && first !== "" && (!keys || keys.includes(key))) params.set(key, first);
  }
  return params;
}
