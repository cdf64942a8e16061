import { randomUUID } from "node:crypto";
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { PATCH as patchRule } from "@/app/api/v1/alert-rules/[ruleKey]/route";
import { GET as listRulesRoute } from "@/app/api/v1/alert-rules/route";
import { POST as acknowledge } from "@/app/api/v1/alerts/[alertId]/acknowledge/route";
import { POST as assign } from "@/app/api/v1/alerts/[alertId]/assign/route";
import { POST as reopen } from "@/app/api/v1/alerts/[alertId]/reopen/route";
import { POST as resolve } from "@/app/api/v1/alerts/[alertId]/resolve/route";
import { GET as getOne } from "@/app/api/v1/alerts/[alertId]/route";
import { GET as count } from "@/app/api/v1/alerts/count/route";
import { GET as list } from "@/app/api/v1/alerts/route";
import { buildOpenApiDocument, type JsonSchema } from "@/lib/api/openapi";
import { db } from "@/lib/db/client";
import { isolateCache } from "@/lib/patients/testing/cache-isolation";
import { createApiKey } from "@/lib/seed/accounts";
import { fileQuery } from "@/lib/testing/sql";

// /api/v1/alerts and /api/v1/alert-rules as a script calls them: filters, the detail with its linked audit events,
// each transition and the 409 of a wrong one, 404 for unknown and malformed ids, 422 with field errors, refusals
// audited; every success answers in the shape the OpenAPI document declares.

isolateCache();
const query = fileQuery();
const document = buildOpenApiDocument();

const keys = { admin: "", compliance: "", clinician: "" };
let assigneeId = "";
let clinicianUserId = "";

beforeAll(async () => {
  for (const role of ["admin", "compliance", "clinician"] as const) keys[role] = (await createApiKey({ name: `alerts api ${role}`, role })).key;
  const userOf = async (role: "compliance" | "clinician") => {
    const id = randomUUID();
    await db().user.create({ data: { id, email: `${id}@test.example`, name: `Alerts ${role}`, role, passwordHash: "unused" }, select: { id: true } });
    return id;
  };
  assigneeId = await userOf("compliance");
  clinicianUserId = await userOf("clinician");
});

type Handler<P> = (request: NextRequest, context: { params: Promise<P> }) => Promise<Response>;

interface Answer {
  status: number;
  json: Record<string, unknown>;
  requestId: string;
}

async function call<P extends Record<string, string>>(handler: Handler<P>, init: { method?: string; path: string; key?: string; body?: unknown; params?: P }): Promise<Answer> {
  const requestId = randomUUID();
  const request = new NextRequest(new URL(init.path, "http://localhost"), {
    method: init.method ?? "GET",
    headers: { authorization: `Bearer ${init.key ?? keys.compliance}`, "content-type": "application/json", "x-request-id": requestId },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const response = await handler(request, { params: Promise.resolve(init.params ?? ({} as P)) });
  return { status: response.status, json: (await response.json()) as Record<string, unknown>, requestId };
}

/** The answer's body against the document's schema for this operation and status. */
function expectDocumented(answer: Answer, path: string, method: "get" | "post" | "patch"): void {
  const mediaType = answer.status >= 400 ? "application/problem+json" : "application/json";
  const ref = document.paths[path]?.[method]?.responses[String(answer.status)]?.content?.[mediaType]?.schema;
  expect(ref, `${method} ${path} ${answer.status}`).toBeDefined();
  const name = String(ref?.$ref).replace("#/components/schemas/", "") as keyof typeof document.components.schemas;
  const result = z.fromJSONSchema(document.components.schemas[name] as JsonSchema).safeParse(answer.json);
  expect(result.success ? [] : result.error.issues).toEqual([]);
}

const ALERT = "/api/v1/alerts/{alertId}";
const transition = <P extends { alertId: string }>(handler: Handler<P>, name: string) => (alertId: string, body?: unknown, key = keys.compliance) =>
  call(handler, { method: "POST", path: `/api/v1/alerts/${alertId}/${name}`, key, body, params: { alertId } as P });
const acknowledgeAlert = transition(acknowledge, "acknowledge");
const assignAlert = transition(assign, "assign");
const resolveAlert = transition(resolve, "resolve");
const reopenAlert = transition(reopen, "reopen");
const getAlert = (alertId: string, key = keys.compliance) => call(getOne, { path: `/api/v1/alerts/${alertId}`, key, params: { alertId } });
const listAlerts = (search: string, key = keys.compliance) => call(list, { path: `/api/v1/alerts?${search}`, key });

async function insertAlert(overrides: { ruleKey?: string; severity?: "low" | "medium" | "high" | "critical"; status?: "open" | "acknowledged" | "resolved"; userId?: string } = {}) {
  const subject = `user:${randomUUID()}`;
  const status = overrides.status ?? "open";
  const now = new Date();
  return db().alert.create({
    data: {
      ruleKey: overrides.ruleKey ?? "signin.lockout",
      severity: overrides.severity ?? "medium",
      status,
      subjectKey: subject,
      openKey: status === "resolved" ? null : subject,
      userId: overrides.userId ?? null,
      title: "Account locked out",
      summary: "Locked after 5 wrong passwords",
      firstSeenAt: now,
      lastSeenAt: now,
    },
    select: { id: true },
  });
}

const auditOf = (requestId: string) =>
  query<{ action: string; status: string; status_code: number | null; details: Record<string, unknown> }>(
    "SELECT action, status, status_code, details FROM audit_logs WHERE request_id = $1 OR correlation_id = $1 ORDER BY id",
    [requestId],
  );

describe("GET /api/v1/alerts", () => {
  it("lists with the page's filters, counts the unresolved, and audits each list", async () => {
    const userId = randomUUID();
    const [open, acknowledged, resolved, other] = await Promise.all([
      insertAlert({ userId, severity: "high" }),
      insertAlert({ userId, status: "acknowledged" }),
      insertAlert({ userId, status: "resolved" }),
      insertAlert({ userId, ruleKey: "signin.new_ip", severity: "low" }),
    ]);

    const unresolved = await listAlerts(`userId=${userId}&status=unresolved&rule=signin.lockout`);
    expect(unresolved.status).toBe(200);
    expectDocumented(unresolved, "/api/v1/alerts", "get");
    expect((unresolved.json.data as { id: string }[]).map((alert) => alert.id).sort()).toEqual([open.id, acknowledged.id].sort());
    expect(unresolved.json).toMatchObject({ page: 1, pageSize: 25, total: 2 });
    expect(await auditOf(unresolved.requestId)).toEqual([expect.objectContaining({ action: "alert.listed", status: "success", details: expect.objectContaining({ total: 2 }) })]);

    const bySeverity = await listAlerts(`userId=${userId}&sort=-severity&pageSize=1&page=2`);
    expect(bySeverity.json).toMatchObject({ page: 2, pageSize: 1, total: 4 });
    expect((await listAlerts(`userId=${userId}&status=resolved`)).json.data).toEqual([expect.objectContaining({ id: resolved.id, status: "resolved" })]);
    expect((await listAlerts(`userId=${userId}&severity=low`)).json.data).toEqual([expect.objectContaining({ id: other.id, ruleTitle: "Sign-in from a new address" })]);

    const counted = await call(count, { path: "/api/v1/alerts/count" });
    expect(counted.status).toBe(200);
    expectDocumented(counted, "/api/v1/alerts/count", "get");
    expect(counted.json.unresolved).toBeGreaterThanOrEqual(3);
  });

  it("refuses an unknown filter value, an unknown parameter and a reversed period with 422 at each field", async () => {
    const answer = await listAlerts("status=closed&colour=red&from=2026-05-02&to=2026-05-01&pageSize=500");
    expect(answer.status).toBe(422);
    expectDocumented(answer, "/api/v1/alerts", "get");
    expect(Object.keys(answer.json.errors as Record<string, unknown>).sort()).toEqual(["colour", "pageSize", "status"]);
    const reversed = await listAlerts("from=2026-05-02&to=2026-05-01");
    expect(reversed.json).toMatchObject({ errors: { to: ["'to' must not be before 'from'"] } });
  });
});

describe("hostile input is a 4xx, never a 500", () => {
  it.each(["userId=%00", "userId=a%00b", "page=9007199254740991", "page=99999999999999999999", "from=0000-01-01", "assignee=%00", "sort=--severity"])("GET /api/v1/alerts?%s", async (search) => {
    const answer = await listAlerts(search);
    expect(answer.status).toBeGreaterThanOrEqual(200);
    expect(answer.status).toBeLessThan(500);
  });

  it("a note or reason with control characters, and a non-object body", async () => {
    const { id } = await insertAlert({ status: "resolved" });
    for (const answer of [await reopenAlert(id, { reason: "a\u0000b" }), await reopenAlert(id, []), await reopenAlert(id, "text"), await reopenAlert(id, null)]) {
      expect(answer.status).toBeLessThan(500);
    }
  });
});

describe("GET /api/v1/alerts/{alertId}", () => {
  it("answers the alert with its linked audit events", async () => {
    const alert = await insertAlert();
    const listed = await listAlerts("status=open");
    const [event] = await query<{ id: string }>("SELECT id::text AS id FROM audit_logs WHERE request_id = $1 OR correlation_id = $1", [listed.requestId]);
    await db().alertEvent.create({ data: { alertId: alert.id, auditLogId: BigInt(event?.id ?? "0") } });

    const answer = await getAlert(alert.id);
    expect(answer.status).toBe(200);
    expectDocumented(answer, ALERT, "get");
    expect(answer.json).toMatchObject({ id: alert.id, status: "open", ruleTitle: "Account locked out", events: [{ id: event?.id, action: "alert.listed", status: "success" }] });
    expect(await auditOf(answer.requestId)).toEqual([expect.objectContaining({ action: "alert.viewed", status: "success" })]);
  });

  it("answers 404 for an unknown or malformed id, audited as a failed lookup", async () => {
    for (const alertId of [randomUUID(), "not-an-id"]) {
      const answer = await getAlert(alertId);
      expect(answer.status, alertId).toBe(404);
      expectDocumented(answer, ALERT, "get");
      expect(await auditOf(answer.requestId)).toEqual([expect.objectContaining({ action: "alert.viewed", status: "failure", status_code: 404 })]);
    }
  });
});

describe("alert transitions", () => {
  it("acknowledges, assigns, resolves with a note and reopens, each audited, and answers 409 to a wrong one", async () => {
    const { id } = await insertAlert();

    const acknowledged = await acknowledgeAlert(id);
    expect(acknowledged.status).toBe(200);
    expectDocumented(acknowledged, `${ALERT}/acknowledge`, "post");
    expect(acknowledged.json).toEqual({ alertId: id, status: "acknowledged" });
    expect(await auditOf(acknowledged.requestId)).toEqual([expect.objectContaining({ action: "alert.acknowledged", details: { rule: "signin.lockout", from: "open", to: "acknowledged" } })]);
    const again = await acknowledgeAlert(id);
    expect(again.status).toBe(409);
    expectDocumented(again, `${ALERT}/acknowledge`, "post");

    const assigned = await assignAlert(id, { assigneeId });
    expect(assigned.status).toBe(200);
    expectDocumented(assigned, `${ALERT}/assign`, "post");
    expect(assigned.json).toEqual({ alertId: id, status: "acknowledged", assigneeId });
    expect((await assignAlert(id, { assigneeId })).status).toBe(409);
    expect((await getAlert(id)).json).toMatchObject({ assigneeId, assigneeName: "Alerts compliance" });

    const resolved = await resolveAlert(id, { note: "The user forgot their password after leave." });
    expect(resolved.status).toBe(200);
    expectDocumented(resolved, `${ALERT}/resolve`, "post");
    expect(await auditOf(resolved.requestId)).toEqual([expect.objectContaining({ action: "alert.resolved", details: expect.objectContaining({ note: "The user forgot their password after leave." }) })]);
    for (const wrong of [await resolveAlert(id, { note: "again" }), await acknowledgeAlert(id), await assignAlert(id, { assigneeId: null })]) expect(wrong.status).toBe(409);

    const reopened = await reopenAlert(id, { reason: "Locked again the next day." });
    expect(reopened.status).toBe(200);
    expectDocumented(reopened, `${ALERT}/reopen`, "post");
    expect(reopened.json).toEqual({ alertId: id, status: "open" });
    const reopenOpen = await reopenAlert(id, { reason: "twice" });
    expect(reopenOpen.status).toBe(409);
    expectDocumented(reopenOpen, `${ALERT}/reopen`, "post");
    expect((await getAlert(id)).json).toMatchObject({ status: "open", resolutionNote: null, acknowledgedAt: null });
  });

  it("refuses bodies with 422 and field errors, and changes nothing", async () => {
    const { id } = await insertAlert();
    const cases: [Answer, string][] = [
      [await resolveAlert(id, {}), "note"],
      [await resolveAlert(id, { note: "   " }), "note"],
      [await resolveAlert(id, { note: "x".repeat(2001) }), "note"],
      [await resolveAlert(id, { note: "fine", alertId: randomUUID() }), "alertId"],
      [await reopenAlert(id, { reason: "" }), "reason"],
      [await assignAlert(id, { assigneeId: "someone" }), "assigneeId"],
      [await assignAlert(id, {}), "assigneeId"],
      // Someone whose role may not manage alerts cannot be given one.
      [await assignAlert(id, { assigneeId: clinicianUserId }), "assigneeId"],
    ];
    for (const [answer, field] of cases) {
      expect(answer.status, field).toBe(422);
      expect(Object.keys(answer.json.errors as Record<string, unknown>), field).toEqual([field]);
    }
    expectDocumented(cases[0]?.[0] as Answer, `${ALERT}/resolve`, "post");
    expect((await getAlert(id)).json).toMatchObject({ status: "open", assigneeId: null });
  });

  it("answers 404 for an unknown or malformed alert id", async () => {
    for (const alertId of [randomUUID(), "not-an-id", "1; DROP TABLE alerts"]) {
      const answers = [await acknowledgeAlert(alertId), await assignAlert(alertId, { assigneeId: null }), await resolveAlert(alertId, { note: "n" }), await reopenAlert(alertId, { reason: "r" })];
      expect(answers.map((answer) => answer.status), alertId).toEqual([404, 404, 404, 404]);
    }
  });

  it("refuses a clinician every alert route with 403, each refusal audited", async () => {
    const { id } = await insertAlert();
    const refused = [
      await listAlerts("", keys.clinician),
      await call(count, { path: "/api/v1/alerts/count", key: keys.clinician }),
      await getAlert(id, keys.clinician),
      await acknowledgeAlert(id, undefined, keys.clinician),
      await assignAlert(id, { assigneeId: null }, keys.clinician),
      await resolveAlert(id, { note: "n" }, keys.clinician),
      await reopenAlert(id, { reason: "r" }, keys.clinician),
      await call(listRulesRoute, { path: "/api/v1/alert-rules", key: keys.clinician }),
      await call(patchRule, { method: "PATCH", path: "/api/v1/alert-rules/signin.lockout", key: keys.clinician, body: { enabled: false }, params: { ruleKey: "signin.lockout" } }),
    ];
    for (const answer of refused) {
      expect(answer.status).toBe(403);
      expect(await auditOf(answer.requestId)).toEqual([expect.objectContaining({ action: "access.denied", status: "denied", status_code: 403 })]);
    }
    expect((await getAlert(id)).json).toMatchObject({ status: "open" });
  });
});

describe("/api/v1/alert-rules", () => {
  const RULE = "/api/v1/alert-rules/{ruleKey}";
  const patch = (ruleKey: string, body: unknown, key = keys.admin) =>
    call(patchRule, { method: "PATCH", path: `/api/v1/alert-rules/${ruleKey}`, key, body, params: { ruleKey } });

  it("lists every rule for compliance", async () => {
    const answer = await call(listRulesRoute, { path: "/api/v1/alert-rules" });
    expect(answer.status).toBe(200);
    expectDocumented(answer, "/api/v1/alert-rules", "get");
    expect(answer.json.data).toEqual(expect.arrayContaining([expect.objectContaining({ key: "signin.failed_per_account", enabled: true, defaultThresholds: { windowMinutes: 15, threshold: 10 } })]));
  });

  it("lets an administrator change a rule, audited with old and new values, and checks thresholds by the rule's schema", async () => {
    const changed = await patch("signin.failed_per_account", { severity: "high", thresholds: { threshold: 5 }, notifyEmail: ["security@example.org"] });
    expect(changed.status).toBe(200);
    expectDocumented(changed, RULE, "patch");
    expect(changed.json).toMatchObject({
      changed: ["severity", "thresholds", "notifyEmail"],
      rule: { key: "signin.failed_per_account", severity: "high", thresholds: { windowMinutes: 15, threshold: 5 }, notifyEmail: ["security@example.org"] },
    });
    expect(await auditOf(changed.requestId)).toEqual([
      expect.objectContaining({ action: "alert_rule.updated", details: { changes: expect.objectContaining({ severity: { from: "medium", to: "high" } }) } }),
    ]);
    expect((await patch("signin.failed_per_account", { severity: "high" })).json).toMatchObject({ changed: [] });

    const invalid = await patch("signin.failed_per_account", { thresholds: { windowMinutes: 0, burst: 3 }, notifyEmail: ["not-an-address"], key: "signin.lockout" });
    expect(invalid.status).toBe(422);
    expectDocumented(invalid, RULE, "patch");
    expect(Object.keys(invalid.json.errors as Record<string, unknown>).sort()).toEqual(["key", "notifyEmail.0"]);
    const thresholds = await patch("phi.after_hours", { thresholds: { start: "07:60", timeZone: "Mars/Olympus" } });
    expect(Object.keys(thresholds.json.errors as Record<string, unknown>).sort()).toEqual(["thresholds.start", "thresholds.timeZone"]);
    const unknownThreshold = await patch("signin.failed_per_account", { thresholds: { burst: 3 } });
    expect(unknownThreshold.json).toMatchObject({ errors: { "thresholds.burst": ["Unknown field"] } });

    const unknown = await patch("signin.nonsense", { enabled: false });
    expect(unknown.status).toBe(404);
    expectDocumented(unknown, RULE, "patch");
  });

  it("refuses compliance (alerts:configure is the administrator's), audited, and changes nothing", async () => {
    const refused = await patch("signin.lockout", { enabled: false }, keys.compliance);
    expect(refused.status).toBe(403);
    expectDocumented(refused, RULE, "patch");
    expect(await auditOf(refused.requestId)).toEqual([expect.objectContaining({ action: "access.denied", status: "denied", status_code: 403, details: expect.objectContaining({ permission: "alerts:configure" }) })]);
    const rules = await call(listRulesRoute, { path: "/api/v1/alert-rules" });
    expect(rules.json.data).toEqual(expect.arrayContaining([expect.objectContaining({ key: "signin.lockout", enabled: true })]));
  });
});
