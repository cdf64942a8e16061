/**
 * Redis could not be reached or did not answer within the command timeout. Callers treat the cache as empty
 * and go to PostgreSQL instead: a cache outage must never become a failed request.
 */
export class CacheUnavailableError extends Error {
  override name = "CacheUnavailableError";
}

/**
 * The command itself was wrong (a key of another type, a counter that is not an integer). That is a bug in the
 * caller, it happens identically on every backend, and hiding it behind a silent fallback would only delay finding it.
 */
export class CacheCommandError extends Error {
  override name = "CacheCommandError";
}
