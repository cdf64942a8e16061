import { DriverAdapterError } from "@prisma/driver-adapter-utils";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { isConnectionFailure } from "@/lib/db/connection-failure";

function databaseError(code: string, message: string): pg.DatabaseError {
  const error = new pg.DatabaseError(message, message.length, "error");
  error.code = code;
  return error;
}

function socketError(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`read ${code}`), { code, errno: -104, syscall: "read" });
}

describe("isConnectionFailure", () => {
  it("recognises a session the server ended, a broken socket and node-postgres' own messages", () => {
    expect(isConnectionFailure(databaseError("57P01", "terminating connection due to administrator command"))).toBe(true);
    expect(isConnectionFailure(databaseError("57P05", "terminating connection due to idle-session timeout"))).toBe(true);
    expect(isConnectionFailure(databaseError("08006", "connection failure"))).toBe(true);
    expect(isConnectionFailure(socketError("ECONNRESET"))).toBe(true);
    expect(isConnectionFailure(new Error("Connection terminated unexpectedly"))).toBe(true);
    expect(isConnectionFailure(new Error("Client has encountered a connection error and is not queryable"))).toBe(true);
  });

  it("sees through the error Prisma's pg adapter wraps them in", () => {
    const wrapped = new DriverAdapterError({ kind: "postgres", code: "57P01", severity: "FATAL", message: "terminating connection", detail: undefined, column: undefined, hint: undefined, originalCode: "57P01" });
    expect(isConnectionFailure(wrapped)).toBe(true);
    expect(isConnectionFailure(new DriverAdapterError({ kind: "ConnectionClosed" }))).toBe(true);
  });

  it("leaves statement errors alone: retrying them would only fail again, or do twice what was done", () => {
    expect(isConnectionFailure(databaseError("23505", "duplicate key value violates unique constraint"))).toBe(false);
    expect(isConnectionFailure(databaseError("57014", "canceling statement due to statement timeout"))).toBe(false);
    expect(isConnectionFailure(databaseError("40001", "could not serialize access"))).toBe(false);
    expect(isConnectionFailure(new DriverAdapterError({ kind: "UniqueConstraintViolation", constraint: { fields: ["email"] } }))).toBe(false);
    expect(isConnectionFailure(socketError("ECONNREFUSED"))).toBe(false);
    expect(isConnectionFailure("a string")).toBe(false);
    expect(isConnectionFailure(null)).toBe(false);
  });
});
