import { EnvError } from "@/lib/env";

/** A start-up failure whose message already says what to do: printed as one line, without a stack trace. */
export class StartupError extends Error {
  override name = "StartupError";
}

function errorCode(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null || !("code" in error)) return undefined;
  return typeof error.code === "string" ? error.code : undefined;
}

function databaseTarget(): string {
  const configured = process.env.DATABASE_URL;
  if (!configured) return "the database";
  try {
    const url = new URL(configured);
    return `PostgreSQL at ${url.host}${url.pathname} (DATABASE_URL)`;
  } catch {
    return "DATABASE_URL";
  }
}

/** One line saying what went wrong while starting and what to do about it, for any error. */
export function startupFailureLine(error: unknown): string {
  if (error instanceof StartupError) return error.message;
  if (error instanceof EnvError) return error.message.replace(/\s*\n\s*/g, " ");
  const message = error instanceof Error ? error.message : String(error);
  switch (errorCode(error)) {
    case "ECONNREFUSED":
      return `Cannot reach ${databaseTarget()}: connection refused. Start that server, or unset DATABASE_URL to use the embedded PostgreSQL.`;
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return `Cannot resolve the host of ${databaseTarget()}: check DATABASE_URL.`;
    case "28P01":
    case "28000":
      return `${databaseTarget()} refused the credentials: check the user and password in DATABASE_URL.`;
    case "3D000":
      return `${databaseTarget()} does not exist: create it (createdb) or point DATABASE_URL at an existing database.`;
    default:
      return message.replace(/\s*\n\s*/g, " ");
  }
}
