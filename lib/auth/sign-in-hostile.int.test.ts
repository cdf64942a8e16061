import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { requestInfoFrom } from "@/lib/audit/context";
import { authorizeCredentials } from "@/lib/auth/sign-in";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { createUser } from "@/lib/seed/accounts";

// Every header a client controls, as long or as strange as it likes: a wrong password must still count towards the
// lockout and be audited. A 65-character X-Forwarded-For once made every audit INSERT fail, and with it the counter.

const PASSWORD = "correct horse battery staple";

function hostileRequest() {
  const headers = new Headers({
    "x-forwarded-for": `${"9".repeat(70)}, ${Array.from({ length: 100 }, (_, n) => `10.0.${n}.1`).join(", ")}, ${"f".repeat(80)}`,
    "user-agent": `${"A".repeat(3000)}\u00ff\u00fe`,
    "x-request-id": "R".repeat(3000),
    "x-correlation-id": "C".repeat(3000),
  });
  return requestInfoFrom(headers, "POST".repeat(10), `/api/auth/callback/credentials/${"p".repeat(5000)}`);
}

describe("sign-in with hostile request headers", () => {
  it("counts every wrong password, locks the account at the limit and audits each attempt", async () => {
    const email = `hostile-${randomUUID()}@test.example`;
    const user = await createUser({ email, name: "Hostile Headers", role: "clinician", password: PASSWORD });
    const limit = env().LOGIN_MAX_FAILURES;
    for (let attempt = 1; attempt <= limit; attempt += 1) {
      expect(await authorizeCredentials({ email, password: "wrong" }, hostileRequest())).toBeNull();
    }
    const stored = await db().user.findUniqueOrThrow({ where: { id: user.id }, select: { lockedUntil: true } });
    expect(stored.lockedUntil?.getTime()).toBeGreaterThan(Date.now());
    const rows = await db().auditLog.findMany({ where: { userId: user.id }, orderBy: { id: "asc" }, select: { action: true, ipAddress: true, userAgent: true, correlationId: true, requestPath: true } });
    expect(rows.map((row) => row.action)).toEqual([...Array<string>(limit).fill("auth.login_failed"), "auth.locked_out"]);
    for (const row of rows) {
      // No address is recorded rather than one the client made up.
      expect(row.ipAddress).toBeNull();
      expect(row.userAgent).toHaveLength(512);
      expect(row.correlationId).toHaveLength(128);
      expect(row.requestPath).toHaveLength(1024);
    }
  });

  it("refuses the right password while locked, still audited", async () => {
    const email = `hostile-${randomUUID()}@test.example`;
    const user = await createUser({ email, name: "Hostile Headers", role: "clinician", password: PASSWORD });
    await db().user.update({ where: { id: user.id }, data: { lockedUntil: new Date(Date.now() + 60_000) } });
    expect(await authorizeCredentials({ email, password: PASSWORD }, hostileRequest())).toBeNull();
    const rows = await db().auditLog.findMany({ where: { userId: user.id }, select: { action: true, details: true } });
    expect(rows).toEqual([{ action: "auth.login_failed", details: expect.objectContaining({ reason: "locked" }) }]);
  });
});
