import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { StartupError, startupFailureLine } from "@/lib/dev/startup-error";
import { EnvError } from "@/lib/env";

function databaseError(code: string, message: string): pg.DatabaseError {
  const error = new pg.DatabaseError(message, message.length, "error");
  error.code = code;
  return error;
}

const configured = process.env.DATABASE_URL;
afterEach(() => {
  process.env.DATABASE_URL = configured;
});

describe("startupFailureLine", () => {
  it("names the configured server and what to do, without the password", () => {
    process.env.DATABASE_URL = "postgresql://app:s3cret@db.example:5433/meridian";
    const refused = Object.assign(new Error("connect ECONNREFUSED 10.0.0.1:5433"), { code: "ECONNREFUSED" });
    expect(startupFailureLine(refused)).toBe(
      "Cannot reach PostgreSQL at db.example:5433/meridian (DATABASE_URL): connection refused. Start that server, or unset DATABASE_URL to use the embedded PostgreSQL.",
    );
    expect(startupFailureLine(databaseError("28P01", 'password authentication failed for user "app"'))).toMatch(/check the user and password in DATABASE_URL/);
    expect(startupFailureLine(databaseError("3D000", 'database "meridian" does not exist'))).toMatch(/does not exist: create it/);
    for (const code of ["ECONNREFUSED", "28P01", "3D000"]) {
      expect(startupFailureLine(Object.assign(new Error("x"), { code }))).not.toContain("s3cret");
    }
  });

  it("keeps every failure on one line", () => {
    expect(startupFailureLine(new StartupError("initdb could not create /x: disk full (full output in /x.log)."))).toBe(
      "initdb could not create /x: disk full (full output in /x.log).",
    );
    expect(startupFailureLine(new EnvError("Invalid environment:\n  - ENCRYPTION_KEY: required\n  - NEXTAUTH_SECRET: required"))).toBe(
      "Invalid environment: - ENCRYPTION_KEY: required - NEXTAUTH_SECRET: required",
    );
    expect(startupFailureLine(new Error("Migration x failed and was rolled back:\nsyntax error"))).toBe("Migration x failed and was rolled back: syntax error");
    expect(startupFailureLine("a thrown string")).toBe("a thrown string");
  });
});
