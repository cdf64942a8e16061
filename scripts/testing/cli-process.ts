import { spawn } from "node:child_process";
import { userInfo } from "node:os";
import path from "node:path";
import { expect } from "vitest";
import { db } from "@/lib/db/client";

// Runs the CLI the way an operator or a cron job does: as its own process, judged by its exit status and output.
// Failures must exit non-zero with one line on stderr, never a stack trace.

const ROOT = path.resolve(import.meta.dirname, "../..");
const TSX = path.join(ROOT, "node_modules/.bin/tsx");
const CLI = ["--conditions=react-server", path.join(ROOT, "scripts/cli.ts")];
export const OPERATOR = `cli:${userInfo().username}`;

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], options: { input?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env: options.env ?? process.env, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
    child.stdin.end(options.input ?? "");
  });
}

/** `npm run cli -- …`, with standard input from `input` (a pipe: not a terminal). */
export function cli(args: string[], options: { input?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Run> {
  return run(TSX, [...CLI, ...args], options);
}

/** A failure as a script needs it: a non-zero status and exactly one line on stderr, with no stack trace. */
export function expectRefusal(result: Run, message: RegExp): void {
  expect(result.status, result.stderr).not.toBe(0);
  const lines = result.stderr.trimEnd().split("\n");
  expect(lines, result.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(message);
  expect(result.stderr).not.toMatch(/^\s+at /m);
}

export function expectSuccess(result: Run): void {
  expect(result.stderr, result.stderr).toBe("");
  expect(result.status).toBe(0);
}

/**
 * Runs the CLI on a pseudo-terminal (util-linux `script`), answering each prompt once it is shown, as a person
 * typing would: what the terminal shows is returned, so a test can check the typed password never appears.
 */
export function onTerminal(args: string[], answers: [prompt: string, reply: string][]): Promise<{ status: number | null; screen: string }> {
  const command = [TSX, ...CLI, ...args].map((part) => `'${part.replaceAll("'", "'\\''")}'`).join(" ");
  return new Promise((resolve, reject) => {
    const child = spawn("script", ["--quiet", "--return", "--command", command, "/dev/null"], { cwd: ROOT, env: process.env });
    let screen = "";
    let seen = 0;
    let next = 0;
    child.stdout.on("data", (chunk: Buffer) => {
      screen += chunk.toString();
      const answer = answers[next];
      const shownAt = answer ? screen.indexOf(answer[0], seen) : -1;
      if (!answer || shownAt < 0) return;
      seen = shownAt + answer[0].length;
      next += 1;
      child.stdin.write(`${answer[1]}\r`);
    });
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, screen }));
  });
}

/** The newest audit row of `action`. */
export async function lastAudit(action: string) {
  return db().auditLog.findFirst({
    where: { action },
    orderBy: { id: "desc" },
    select: { userId: true, username: true, userRole: true, userAgent: true, requestPath: true, status: true, resourceId: true, details: true },
  });
}
