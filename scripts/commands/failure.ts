import { CommanderError } from "commander";
import { EnvError } from "@/lib/env";
import { AppError } from "@/lib/errors";

// What the CLI prints when a command fails: one line that says what to do, never a stack trace.

// Network errors, PostgreSQL's authentication and unknown-database codes, and Prisma's P1xxx (cannot connect).
const CONNECTION_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "EHOSTUNREACH", "ECONNRESET", "28P01", "3D000", "28000"]);
const isConnectionCode = (code: string) => CONNECTION_CODES.has(code) || /^P1\d{3}$/.test(code);

/** The error's own code, or the first code among the errors it wraps (pg's AggregateError, Prisma's adapter error). */
function codeOf(error: unknown, depth = 0): string | undefined {
  if (typeof error !== "object" || error === null || depth > 4) return undefined;
  const record = error as { code?: unknown; errors?: unknown; cause?: unknown };
  if (typeof record.code === "string" && isConnectionCode(record.code)) return record.code;
  for (const inner of Array.isArray(record.errors) ? record.errors : []) {
    const code = codeOf(inner, depth + 1);
    if (code) return code;
  }
  return codeOf(record.cause, depth + 1);
}

function databaseHost(): string {
  try {
    const url = new URL(process.env.DATABASE_URL ?? "");
    return `${url.hostname}:${url.port || "5432"}${url.pathname}`;
  } catch {
    return "DATABASE_URL";
  }
}

/** The last non-empty line: Prisma puts the database's own message after a description of the call. */
function lastLine(message: string): string {
  return message.split("\n").map((line) => line.trim()).filter(Boolean).at(-1) ?? "";
}

export function failureMessage(error: unknown): string {
  if (error instanceof AppError || error instanceof EnvError || error instanceof CommanderError) return error.message.replace(/\s*\n\s*/g, " ");
  const message = error instanceof Error ? lastLine(error.message) || error.name : String(error);
  const code = codeOf(error);
  if (code) return `Cannot use the database at ${databaseHost()}: ${message} (${code}). Is PostgreSQL running there, and is DATABASE_URL right?`;
  return `Unexpected error: ${message}`;
}
