// Failures of the connection itself, as opposed to a statement that PostgreSQL refused: after one of these the
// connection is gone, and work that had not started yet can safely run again on a fresh one.

/** SQLSTATEs that end a session: class 08 (connection exception) and the server ending it. */
const ENDED_SESSION_CODES = new Set(["57P01", "57P02", "57P03", "57P05"]);
/** Socket errors of an established connection. */
const SOCKET_CODES = new Set(["ECONNRESET", "EPIPE", "ETIMEDOUT", "ENOTCONN"]);
/** node-postgres' own messages for a connection that closed or stopped answering. */
const DRIVER_MESSAGES = [
  "Connection terminated",
  "is not queryable",
  "Query read timeout",
];

function field(value: unknown, name: string): unknown {
  return typeof value === "object" && value !== null && name in value ? (value as Record<string, unknown>)[name] : undefined;
}

function codeSaysConnection(code: unknown): boolean {
  return typeof code === "string" && (code.startsWith("08") || ENDED_SESSION_CODES.has(code) || SOCKET_CODES.has(code));
}

/**
 * True when `error` says the connection died: a pg error, or the error Prisma's pg adapter wraps it in
 * (DriverAdapterError, whose `cause` keeps the SQLSTATE as `originalCode` or names the failure by `kind`).
 */
export function isConnectionFailure(error: unknown): boolean {
  if (codeSaysConnection(field(error, "code"))) return true;
  const message = field(error, "message");
  if (typeof message === "string" && DRIVER_MESSAGES.some((known) => message.includes(known))) return true;
  const cause = field(error, "cause");
  if (cause === undefined || cause === error) return false;
  const kind = field(cause, "kind");
  if (kind === "ConnectionClosed" || kind === "SocketTimeout") return true;
  if (codeSaysConnection(field(cause, "originalCode"))) return true;
  return isConnectionFailure(cause);
}

/** The database cannot be reached at all, or the connection broke: the request may be sent again later (503). */
export function isDatabaseUnavailable(error: unknown): boolean {
  return isConnectionFailure(error) || field(error, "code") === "ECONNREFUSED";
}
