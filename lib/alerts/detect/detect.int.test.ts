import { randomUUID } from "node:crypto";
import pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import { runDetection } from "@/lib/alerts/detect/engine";
import { ordinaryDay, seededRandom, type Staff } from "@/lib/alerts/detect/testing/ordinary-day";
import { insertTrail, insertTrailStatement, type TrailRow } from "@/lib/alerts/detect/testing/trail";
import { AlertRuleUpdate, ResolveAlert } from "@/lib/alerts/schema";
import { resolveAlert, updateRule } from "@/lib/alerts/service";
import { db } from "@/lib/db/client";
import { grantEmergencyAccess } from "@/lib/patients/service";
import { insertPatient, userContextFor } from "@/lib/patients/testing/factories";
import { workerContext } from "@/lib/worker/context";

// Each rule against the real trail: it fires on its seeded pattern and stays quiet on a generated ordinary day; the
// trail is read once, in commit-safe order, however transactions interleave; an open alert counts repeats.

const MINUTE = 60_000;
/** A Wednesday, and working hours in UTC for these tests (the default is the server's time zone). */
const WEDNESDAY = new Date("2026-11-25T00:00:00Z");
const at = (hours: number, minutes = 0) => new Date(WEDNESDAY.getTime() + (hours * 60 + minutes) * MINUTE);

const write = (rows: readonly TrailRow[]) => insertTrail((statement) => db().$queryRaw<{ id: string }[]>(statement), rows);
const detect = () => runDetection(workerContext("alerts.detect"));

async function alertsFor(ruleKey: string, subjectKey?: string) {
  return db().alert.findMany({
    where: { ruleKey, ...(subjectKey ? { subjectKey } : {}) },
    select: { id: true, subjectKey: true, severity: true, status: true, count: true, eventCount: true, title: true, summary: true, patientId: true, events: { select: { auditLogId: true } } },
    orderBy: { createdAt: "asc" },
  });
}

async function staff(role: "clinician" | "compliance", name: string, ip: string): Promise<Staff> {
  const id = randomUUID();
  await db().user.create({ data: { id, email: `${id}@test.example`, name, role, passwordHash: "unused" }, select: { id: true } });
  return { id, name, ip, role };
}

const person = (who: Staff) => ({ userId: who.id, username: who.name, userRole: who.role, ip: who.ip });

beforeAll(async () => {
  const admin = await userContextFor("admin");
  await updateRule(admin, AlertRuleUpdate.parse({ key: "phi.after_hours", thresholds: { timeZone: "UTC" } }));
});

describe("an ordinary clinical day", () => {
  it("raises no alert", async () => {
    const random = seededRandom(20261125);
    const surnames = ["Okafor", "Lindqvist", "Moreau", "Tanaka", "Novak", "Haddad", "Costa", "Brennan", "Ivanova", "Mensah", "Park", "Weber"];
    const clinicians = await Promise.all(surnames.map((surname, i) => staff("clinician", `Dr Sam ${surname}`, `10.20.0.${i + 10}`)));
    const officer = await staff("compliance", "Robin Achterberg", "10.20.1.5");
    const patients = await Promise.all(Array.from({ length: 120 }, () => insertPatient()));
    const apiKey = await db().apiKey.create({ data: { name: "Lab system", role: "integration", prefix: `mk_${randomUUID().slice(0, 8)}`, secretHash: "unused" }, select: { id: true, name: true } });
    const rows = ordinaryDay(WEDNESDAY, { clinicians, officer, patientIds: patients.map((p) => p.id), apiKey: { ...apiKey, ip: "10.30.0.2" }, mllpSender: "mllp:lab-feed", messages: 1500 }, random);
    expect(rows.length).toBeGreaterThan(2500);
    await write(rows);

    const run = await detect();
    expect(run.rowsRead).toBeGreaterThanOrEqual(rows.length);
    expect(await db().alert.findMany({ select: { ruleKey: true, title: true } })).toEqual([]);
    // The day was read: the stateful rules learnt every workstation and the key's address.
    expect(await db().userKnownIp.count({ where: { userId: { in: clinicians.map((c) => c.id) } } })).toBe(clinicians.length);
    expect(await db().apiKeyKnownIp.count({ where: { apiKeyId: apiKey.id } })).toBe(1);
  });
});

describe("rules on seeded patterns", () => {
  it("failed sign-ins per account and per address, and lockouts", async () => {
    const victim = await staff("clinician", "Dr Kim Ferreira", "10.40.0.1");
    const failure = (minute: number, ip: string, extra: Partial<TrailRow> = {}): TrailRow => ({
      action: "auth.login_failed", at: at(10, minute), status: "failure", ip, resourceType: "user", details: { reason: "wrong_password" }, ...extra,
    });
    await write([
      ...Array.from({ length: 10 }, (_, i) => failure(i, `203.0.113.${i}`, { userId: victim.id, username: victim.name, resourceId: victim.id })),
      ...Array.from({ length: 20 }, (_, i) => failure(i % 14, "198.51.100.7", { details: { reason: "unknown_account", attemptedEmail: `guess${i}@example.com` } })),
      ...Array.from({ length: 3 }, (_, i) => failure(i, "192.0.2.1", { details: { reason: "unknown_account", attemptedEmail: "typo@example.com" } })),
      { ...person(victim), action: "auth.locked_out", at: at(10, 9), status: "failure", resourceType: "user", details: { failedLoginCount: 5 } },
    ]);
    await detect();
    expect(await alertsFor("signin.failed_per_account", `user:${victim.id}`)).toEqual([expect.objectContaining({ severity: "medium", status: "open", eventCount: 10 })]);
    expect(await alertsFor("signin.failed_per_account", "email:typo@example.com")).toEqual([]);
    expect(await alertsFor("signin.failed_per_ip", "ip:198.51.100.7")).toEqual([expect.objectContaining({ severity: "high", eventCount: 20 })]);
    expect(await alertsFor("signin.failed_per_ip", "ip:192.0.2.1")).toEqual([]);
    expect(await alertsFor("signin.lockout", `user:${victim.id}`)).toHaveLength(1);
  });

  it("a sign-in from an address never seen for the user, but not a user's very first", async () => {
    const newcomer = await staff("clinician", "Dr Lee Nakamura", "10.41.0.1");
    const regular = await staff("clinician", "Dr Ada Kowalski", "10.41.0.2");
    const signIn = (who: Staff, ip: string, minute: number): TrailRow => ({ ...person(who), ip, action: "auth.login_succeeded", at: at(8, minute), resourceType: "session" });
    await write([signIn(newcomer, "10.41.0.1", 0), signIn(regular, "10.41.0.2", 0)]);
    await detect();
    expect(await alertsFor("signin.new_ip", `user:${newcomer.id}|ip:10.41.0.1`)).toEqual([]);
    await write([signIn(newcomer, "10.41.0.1", 30), signIn(regular, "172.16.9.9", 30)]);
    await detect();
    expect(await alertsFor("signin.new_ip", `user:${newcomer.id}|ip:10.41.0.1`)).toEqual([]);
    expect(await alertsFor("signin.new_ip", `user:${regular.id}|ip:172.16.9.9`)).toEqual([expect.objectContaining({ severity: "low" })]);
  });

  it("far more distinct charts than the ceiling, or than the user's own baseline", async () => {
    const bulk = await staff("clinician", "Dr Ian Murphy", "10.42.0.1");
    const drifting = await staff("clinician", "Dr Eva Rossi", "10.42.0.2");
    const view = (who: Staff, time: Date): TrailRow => {
      const patientId = randomUUID();
      return { ...person(who), action: "patient.viewed", at: time, patientId, resourceType: "patient", resourceId: patientId, details: { restricted: false } };
    };
    // Eva's usual week: four charts a day; then 30 within an hour (above five times her usual, below the ceiling).
    const usual = [1, 2, 3, 4, 5].flatMap((daysBefore) => Array.from({ length: 4 }, (_, i) => view(drifting, new Date(at(9 + i).getTime() - daysBefore * 24 * 60 * MINUTE))));
    await write(usual);
    await detect();
    await write([
      ...Array.from({ length: 61 }, (_, i) => view(bulk, at(11, i % 59))),
      ...Array.from({ length: 30 }, (_, i) => view(drifting, at(14, i))),
    ]);
    await detect();
    expect(await alertsFor("phi.distinct_charts", `user:${bulk.id}`)).toEqual([expect.objectContaining({ severity: "high", summary: expect.stringContaining("no baseline yet") })]);
    expect(await alertsFor("phi.distinct_charts", `user:${drifting.id}`)).toEqual([expect.objectContaining({ summary: expect.stringContaining("usual 4.0 a day") })]);
  });

  it("reads outside working hours, and searches paging through the patient list", async () => {
    const night = await staff("clinician", "Dr Noor Aziz", "10.43.0.1");
    const pager = await staff("clinician", "Dr Tom Berger", "10.43.0.2");
    const lister = await staff("clinician", "Dr Mia Santos", "10.43.0.3");
    const patientId = randomUUID();
    const search = (who: Staff, minute: number, page: number, results: number): TrailRow => ({
      ...person(who), action: "patient.searched", at: at(10, minute), resourceType: "patient", details: { criteria: { name: null, page, pageSize: 100 }, results, total: 90_000 },
    });
    await write([
      { ...person(night), action: "patient.viewed", at: at(23, 10), patientId, resourceType: "patient", resourceId: patientId },
      { ...person(night), action: "patient.viewed", at: at(10, 0), patientId, resourceType: "patient", resourceId: patientId },
      search(pager, 0, 21, 100),
      ...Array.from({ length: 6 }, (_, i) => search(lister, i, i + 1, 100)),
    ]);
    await detect();
    expect(await alertsFor("phi.after_hours", `user:${night.id}`)).toEqual([expect.objectContaining({ eventCount: 1, summary: expect.stringContaining("Wed 2026-11-25 23:10") })]);
    expect(await alertsFor("phi.search_paging", `user:${pager.id}`)).toHaveLength(1);
    expect(await alertsFor("phi.search_paging", `user:${lister.id}`)).toEqual([expect.objectContaining({ summary: expect.stringContaining("listed 600 patients") })]);
  });

  it("snooping: the family's chart, a restricted chart without a grant, and every break the glass", async () => {
    const snoop = await staff("clinician", "Dr Jo Van der Berg", "10.44.0.1");
    const relative = await insertPatient({ lastName: "BERG" });
    const stranger = await insertPatient({ lastName: "Quinn" });
    const restricted = await insertPatient({ restricted: true });
    const chart = (patientId: string, minute: number): TrailRow => ({ ...person(snoop), action: "patient.viewed", at: at(10, minute), patientId, resourceType: "patient", resourceId: patientId, details: { restricted: false } });
    await write([
      chart(relative.id, 0),
      chart(stranger.id, 1),
      { ...person(snoop), action: "access.denied", at: at(10, 2), status: "denied", patientId: restricted.id, resourceType: "patient", resourceId: restricted.id, details: { reason: "restricted", attempted: "patient.viewed" } },
    ]);
    const clinician = await userContextFor("clinician");
    const grant = await grantEmergencyAccess(clinician, restricted.id, "Unconscious patient in the emergency department");
    await detect();
    expect(await alertsFor("snoop.family_name", `patient:${relative.id}|user:${snoop.id}`)).toEqual([expect.objectContaining({ patientId: relative.id, title: expect.not.stringContaining("BERG") })]);
    expect(await alertsFor("snoop.family_name", `patient:${stranger.id}|user:${snoop.id}`)).toEqual([]);
    expect(await alertsFor("snoop.restricted_without_grant", `patient:${restricted.id}|user:${snoop.id}`)).toHaveLength(1);
    expect(await alertsFor("snoop.break_glass", `emergency_access:${grant.id}`)).toEqual([expect.objectContaining({ severity: "medium", patientId: restricted.id })]);
  });

  it("an API key from a new address, and bursts of denials", async () => {
    const key = await db().apiKey.create({ data: { name: "Pharmacy", role: "integration", prefix: `mk_${randomUUID().slice(0, 8)}`, secretHash: "unused" }, select: { id: true } });
    const prober = await staff("clinician", "Dr Al Grant", "10.45.0.1");
    const use = (ip: string, minute: number): TrailRow => ({ userId: key.id, username: "Pharmacy", userRole: "integration", ip, action: "patient.updated", at: at(9, minute), resourceType: "patient" });
    await write([use("10.50.0.1", 0)]);
    await detect();
    await write([
      use("10.50.0.1", 5),
      use("185.220.101.4", 6),
      ...Array.from({ length: 20 }, (_, i): TrailRow => ({ ...person(prober), action: "access.denied", at: at(9, i % 9), status: "denied", details: { permission: "users:manage", reason: "permission_missing" } })),
      ...Array.from({ length: 25 }, (_, i): TrailRow => ({ action: "auth.api_key_rejected", at: at(9, i % 5), status: "denied", username: "mk_stolen1", ip: "185.220.101.9", resourceType: "api_key", details: { reason: "revoked", prefix: "mk_stolen1" } })),
    ]);
    await detect();
    expect(await alertsFor("api_key.new_ip", `api_key:${key.id}|ip:10.50.0.1`)).toEqual([]);
    expect(await alertsFor("api_key.new_ip", `api_key:${key.id}|ip:185.220.101.4`)).toHaveLength(1);
    expect(await alertsFor("access.denial_burst", `user:${prober.id}`)).toEqual([expect.objectContaining({ eventCount: 20 })]);
    expect(await alertsFor("access.denial_burst", "api_key_prefix:mk_stolen1")).toEqual([expect.objectContaining({ eventCount: 25 })]);
  });

  it("a failed chain verification, a connection down for too long, and an HL7 error rate", async () => {
    const connection = await db().eMRConnection.create({
      data: { connectionId: `down-${randomUUID().slice(0, 8)}`, name: "Radiology FHIR", emrType: "epic", endpointKind: "fhir_rest", endpoint: {}, isActive: true },
      select: { id: true },
    });
    const now = Date.now();
    await db().connectionTest.createMany({
      data: [50, 40, 30, 20].map((minutesAgo, i) => ({ connectionId: connection.id, testedAt: new Date(now - minutesAgo * MINUTE), success: i === 0, outcome: i === 0 ? "ok" : "timeout", message: i === 0 ? "Connected" : "Timed out", testedBy: "worker" })),
    });
    const message = (sender: string, minute: number, failed: boolean): TrailRow => ({
      userId: sender, username: sender, userRole: "integration", action: "hl7.received", at: at(12, minute % 15), status: failed ? "failure" : "success", resourceType: "hl7_message", resourceId: randomUUID(),
    });
    await write([
      { action: "audit.verified", at: at(2, 41), status: "failure", username: "worker", resourceType: "audit_log", details: { ok: false, rowsChecked: 10, brokenAtId: "7", reason: "hash mismatch" } },
      { action: "connection.tested", at: new Date(now - 20 * MINUTE), status: "failure", resourceType: "emr_connection", resourceId: connection.id, details: { outcome: "timeout" } },
      ...Array.from({ length: 30 }, (_, i) => message("mllp:broken-feed", i, i % 3 === 0)),
      ...Array.from({ length: 30 }, (_, i) => message("mllp:good-feed", i, i === 0)),
    ]);
    await detect();
    expect(await alertsFor("integrity.chain_failed", "audit_chain")).toEqual([expect.objectContaining({ severity: "critical", summary: expect.stringContaining("event 7: hash mismatch") })]);
    expect(await alertsFor("ops.connection_down", `connection:${connection.id}`)).toEqual([expect.objectContaining({ summary: expect.stringContaining("3 failed tests in a row") })]);
    expect(await alertsFor("ops.hl7_error_rate", "hl7_sender:mllp:broken-feed")).toEqual([expect.objectContaining({ summary: expect.stringMatching(/^10 of \d+ messages/) })]);
    expect(await alertsFor("ops.hl7_error_rate", "hl7_sender:mllp:good-feed")).toEqual([]);
  });

  it("a disabled rule raises nothing", async () => {
    const admin = await userContextFor("admin");
    await updateRule(admin, AlertRuleUpdate.parse({ key: "signin.lockout", enabled: false }));
    const user = await staff("clinician", "Dr Bo Lindgren", "10.46.0.1");
    await write([{ ...person(user), action: "auth.locked_out", at: at(10), status: "failure", resourceType: "user" }]);
    await detect();
    await updateRule(admin, AlertRuleUpdate.parse({ key: "signin.lockout", enabled: true }));
    expect(await alertsFor("signin.lockout", `user:${user.id}`)).toEqual([]);
  });
});

describe("de-duplication", () => {
  it("counts a repeat into the open alert, audits it, and raises a new alert once the old one is resolved", async () => {
    const user = await staff("clinician", "Dr Cy Dubois", "10.47.0.1");
    const lockedOut = (hour: number): TrailRow => ({ ...person(user), action: "auth.locked_out", at: at(hour), status: "failure", resourceType: "user" });
    await write([lockedOut(9)]);
    await detect();
    await write([lockedOut(10)]);
    await detect();
    const [alert, ...others] = await alertsFor("signin.lockout", `user:${user.id}`);
    expect(others).toEqual([]);
    expect(alert).toMatchObject({ count: 2, eventCount: 2 });
    expect(alert?.events).toHaveLength(2);
    const raisedRows = await db().auditLog.findMany({ where: { action: "alert.raised", resourceId: alert?.id }, select: { details: true, statusCode: true }, orderBy: { id: "asc" } });
    expect(raisedRows).toEqual([
      { statusCode: 201, details: { rule: "signin.lockout", subject: `user:${user.id}`, count: 1, repeated: false } },
      { statusCode: 200, details: { rule: "signin.lockout", subject: `user:${user.id}`, count: 2, repeated: true } },
    ]);

    const officer = await userContextFor("compliance");
    await resolveAlert(officer, ResolveAlert.parse({ alertId: alert?.id, note: "Password reset with the user." }));
    await write([lockedOut(11)]);
    await detect();
    expect((await alertsFor("signin.lockout", `user:${user.id}`)).map((entry) => [entry.status, entry.count])).toEqual([["resolved", 2], ["open", 1]]);
  });
});

describe("incremental reading", () => {
  async function breakGlassRows(count: number, minute: number): Promise<TrailRow[]> {
    const user = await staff("clinician", "Dr Ed Holm", "10.48.0.1");
    return Array.from({ length: count }, (_, i) => ({
      ...person(user), action: "patient.emergency_access", at: at(15, minute + i), patientId: randomUUID(), resourceType: "patient", details: { grantId: randomUUID(), flagged: true },
    }));
  }

  /** Two connections on different audit lanes (pid % 16): the trigger holds a lane's lock until commit. */
  async function connectionsOnTwoLanes(): Promise<[pg.Client, pg.Client]> {
    const connect = async () => {
      const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await client.connect();
      return client;
    };
    const first = await connect();
    const lane = (client: pg.Client) => (client as pg.Client & { processID: number }).processID % 16;
    for (;;) {
      const second = await connect();
      if (lane(second) !== lane(first)) return [first, second];
      await second.end();
    }
  }

  async function insertWith(client: pg.Client, rows: readonly TrailRow[]): Promise<string[]> {
    const statement = insertTrailStatement(rows);
    return (await client.query<{ id: string }>(statement.text, statement.values)).rows.map((row) => row.id);
  }

  it("reads a row whose transaction commits after a later id's exactly once, and nothing twice across restarts", async () => {
    await detect();
    const [slow, fast] = await connectionsOnTwoLanes();
    try {
      const early = await breakGlassRows(1, 0);
      const later = await breakGlassRows(2, 10);
      await slow.query("BEGIN");
      const [earlyId] = await insertWith(slow, early);
      const [laterId] = await insertWith(fast, later);
      expect(BigInt(earlyId ?? 0)).toBeLessThan(BigInt(laterId ?? 0));

      // The open transaction holds detection back: the committed later rows wait rather than being read past the early one.
      expect(await detect()).toMatchObject({ rowsRead: 0 });
      await slow.query("COMMIT");

      // Small batches: the three rows (and the alert.raised rows the first batches write) over several transactions.
      const first = await runDetection(workerContext("alerts.detect"), { batchSize: 2 });
      expect(first.batches).toBeGreaterThan(1);
      expect(first.alerts.map((alert) => alert.raised)).toEqual([true, true, true]);
      // A restarted worker starts from the stored position: nothing left, nothing repeated.
      expect(await detect()).toMatchObject({ rowsRead: 0, alerts: [] });
      const alerts = await db().alert.findMany({ where: { ruleKey: "snoop.break_glass", subjectKey: { in: [...early, ...later].map((row) => `emergency_access:${String(row.details?.grantId)}`) } }, select: { count: true } });
      expect(alerts.map((alert) => alert.count)).toEqual([1, 1, 1]);
    } finally {
      await slow.end();
      await fast.end();
    }
  });

  it("is quick to say there is nothing new, and ignores its own alert rows", async () => {
    const rows = await breakGlassRows(1, 30);
    await write(rows);
    const run = await detect();
    expect(run).toMatchObject({ rowsRead: 1, alerts: [expect.objectContaining({ raised: true })] });
    // The alert.raised row just written is read next time, and raises nothing.
    const next = await detect();
    expect(next).toMatchObject({ rowsRead: 1, alerts: [] });
    expect(await detect()).toMatchObject({ rowsRead: 0, batches: 0 });
  });
});
