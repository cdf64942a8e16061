import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { listApiKeys } from "@/lib/api-keys/queries";
import { ApiKeyCreate } from "@/lib/api-keys/schema";
import { createApiKey, revokeApiKey } from "@/lib/api-keys/service";
import { requestInfoFrom } from "@/lib/audit/context";
import { apiKeyContext } from "@/lib/auth/api-key-auth";
import { hashApiKey, parseApiKey } from "@/lib/auth/api-keys";
import type { AuthContext } from "@/lib/auth/assert";
import { db } from "@/lib/db/client";
import { contextFor } from "@/lib/testing/auth-context";

/** An administrator whose account exists, so the key's created_by_id foreign key holds. */
async function adminContext(): Promise<AuthContext> {
  const ctx = contextFor("admin");
  await db().user.create({ data: { id: ctx.actor.id, email: ctx.actor.name, name: "Key Keeper", role: "admin", passwordHash: "unused" }, select: { id: true } });
  return ctx;
}

function apiRequest() {
  return requestInfoFrom(new Headers({ "x-request-id": randomUUID(), "user-agent": "lab-system" }), "GET", "/api/v1/patients");
}

async function auditActionsOf(ctx: AuthContext): Promise<string[]> {
  const rows = await db().auditLog.findMany({ where: { requestId: ctx.request.requestId }, select: { action: true }, orderBy: { id: "asc" } });
  return rows.map((row) => row.action);
}

async function rejectionReasonOf(request: ReturnType<typeof apiRequest>): Promise<unknown> {
  const row = await db().auditLog.findFirstOrThrow({ where: { requestId: request.requestId, action: "auth.api_key_rejected" }, select: { details: true } });
  return row.details;
}

describe("ApiKeyCreate", () => {
  it("defaults to the integration role and reads a calendar date as the end of that day", () => {
    expect(ApiKeyCreate.parse({ name: "Lab feed", expiresAt: "" })).toEqual({ name: "Lab feed", role: "integration", expiresAt: undefined });
    expect(ApiKeyCreate.parse({ name: "Lab feed", role: "clinician", expiresAt: "2999-05-01" }).expiresAt?.toISOString()).toBe("2999-05-01T23:59:59.999Z");
  });

  it("refuses an expiry in the past and an unknown role", () => {
    const result = ApiKeyCreate.safeParse({ name: "Lab feed", role: "root", expiresAt: "2001-01-01" });
    expect(result.error?.issues.map((issue) => issue.path.join(".")).toSorted()).toEqual(["expiresAt", "role"]);
  });
});

describe("createApiKey", () => {
  it("returns the key once, stores only its prefix and hash with the creator, audits once, and authenticates", async () => {
    const ctx = await adminContext();
    const created = await createApiKey(ctx, ApiKeyCreate.parse({ name: "Lab feed" }));

    expect(parseApiKey(created.key)).toBe(created.prefix);
    expect(created).toMatchObject({ name: "Lab feed", role: "integration", expiresAt: null });
    const stored = await db().apiKey.findUniqueOrThrow({ where: { id: created.id }, select: { prefix: true, secretHash: true, createdById: true } });
    expect(stored).toEqual({ prefix: created.prefix, secretHash: hashApiKey(created.key), createdById: ctx.actor.id });
    expect(await auditActionsOf(ctx)).toEqual(["api_key.created"]);
    const audit = await db().auditLog.findFirstOrThrow({ where: { requestId: ctx.request.requestId } });
    expect(audit).toMatchObject({ userId: ctx.actor.id, resourceType: "api_key", resourceId: created.id, details: { role: "integration", prefix: created.prefix } });
    expect(JSON.stringify(audit.details)).not.toContain(created.key.slice(13));

    const caller = await apiKeyContext(created.key, apiRequest());
    expect(caller).toMatchObject({ role: "integration", actor: { kind: "api_key", id: created.id, name: "Lab feed", role: "integration" } });
  });

  it("lists keys with their creator and status, without any secret", async () => {
    const ctx = await adminContext();
    const created = await createApiKey(ctx, ApiKeyCreate.parse({ name: "Reporting", role: "compliance", expiresAt: "2999-01-01" }));
    await apiKeyContext(created.key, apiRequest());

    const listed = (await listApiKeys(ctx)).data.find((key) => key.id === created.id);
    expect(listed).toMatchObject({
      name: "Reporting",
      prefix: created.prefix,
      role: "compliance",
      status: "active",
      revokedAt: null,
      createdBy: { id: ctx.actor.id, name: "Key Keeper" },
      lastUsedAt: expect.any(Date),
    });
    expect(listed?.expiresAt?.toISOString()).toBe("2999-01-01T23:59:59.999Z");
    expect(JSON.stringify(listed)).not.toContain(created.key.slice(13));
    expect(listed).not.toHaveProperty("secretHash");
  });
});

describe("keys that no longer work", () => {
  it("a revoked key is refused, with one api_key.revoked row; revoking twice is INVALID", async () => {
    const ctx = await adminContext();
    const created = await createApiKey(ctx, ApiKeyCreate.parse({ name: "Old feed" }));
    const revoker = await adminContext();

    expect(await revokeApiKey(revoker, { apiKeyId: created.id })).toEqual({ apiKeyId: created.id, prefix: created.prefix });
    expect(await auditActionsOf(revoker)).toEqual(["api_key.revoked"]);
    const request = apiRequest();
    expect(await apiKeyContext(created.key, request)).toBeNull();
    expect(await rejectionReasonOf(request)).toMatchObject({ reason: "revoked", prefix: created.prefix });
    expect((await listApiKeys(revoker)).data.find((key) => key.id === created.id)).toMatchObject({ status: "revoked", revokedAt: expect.any(Date) });

    await expect(revokeApiKey(revoker, { apiKeyId: created.id })).rejects.toMatchObject({ code: "INVALID" });
    await expect(revokeApiKey(revoker, { apiKeyId: randomUUID() })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await auditActionsOf(revoker)).toEqual(["api_key.revoked"]);
  });

  it("an expired key is refused and listed as expired", async () => {
    const ctx = await adminContext();
    const created = await createApiKey(ctx, ApiKeyCreate.parse({ name: "Trial feed", expiresAt: "2999-01-01" }));
    await db().apiKey.update({ where: { id: created.id }, data: { expiresAt: new Date(Date.now() - 1_000) } });

    const request = apiRequest();
    expect(await apiKeyContext(created.key, request)).toBeNull();
    expect(await rejectionReasonOf(request)).toMatchObject({ reason: "expired" });
    expect((await listApiKeys(ctx)).data.find((key) => key.id === created.id)).toMatchObject({ status: "expired" });
  });
});

describe("permission", () => {
  it("refuses a clinician with FORBIDDEN, audits each denial and creates or revokes nothing", async () => {
    const admin = await adminContext();
    const existing = await createApiKey(admin, ApiKeyCreate.parse({ name: "Kept" }));
    const ctx = contextFor("clinician");
    const before = await db().apiKey.count();

    await expect(createApiKey(ctx, ApiKeyCreate.parse({ name: "Sneaky", role: "admin" }))).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(revokeApiKey(ctx, { apiKeyId: existing.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(listApiKeys(ctx)).rejects.toMatchObject({ code: "FORBIDDEN" });

    const denials = await db().auditLog.findMany({ where: { requestId: ctx.request.requestId }, select: { action: true, statusCode: true, details: true } });
    expect(denials).toEqual(Array.from({ length: 3 }, () => ({ action: "access.denied", statusCode: 403, details: { permission: "api_keys:manage", reason: "permission_missing" } })));
    expect(await db().apiKey.count()).toBe(before);
    expect(await apiKeyContext(existing.key, apiRequest())).not.toBeNull();
  });
});
