import { randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { detectAlerts } from "@/lib/alerts/detect/job";
import { insertTrail, type TrailRow } from "@/lib/alerts/detect/testing/trail";
import { AlertRuleUpdate } from "@/lib/alerts/schema";
import { updateRule } from "@/lib/alerts/service";
import { db } from "@/lib/db/client";
import { sendDigests } from "@/lib/notifications/digest";
import { notificationHandlers } from "@/lib/notifications/jobs";
import { SIGNATURE_HEADER, signWebhook, TIMESTAMP_HEADER, verifyWebhookSignature } from "@/lib/notifications/signature";
import { insertPatient, userContextFor } from "@/lib/patients/testing/factories";
import { createBoss } from "@/lib/worker/boss";
import { setJobSender } from "@/lib/worker/queue";
import { startWorker, type RunningWorker } from "@/lib/worker/worker";
import type PgBoss from "pg-boss";

// Alert notifications end to end: the detection job raises alerts, the hook queues them per the rule's routing, a
// real worker delivers them to a real SMTP server (smtp-server) and a local webhook endpoint, retrying failures.

const APP_URL = "https://meridian.test";
const SECRET = "whsec-0123456789abcdef0123456789abcdef";

interface Received {
  to: string[];
  subject: string;
  text: string;
}
interface WebhookCall {
  headers: http.IncomingHttpHeaders;
  body: string;
}

const mails: Received[] = [];
const webhookCalls: WebhookCall[] = [];
/** Statuses the endpoint answers with, first to last; 200 once they are used up. */
const webhookAnswers: number[] = [];
/** Messages the SMTP server refuses (451, try again later) before it takes one. */
let smtpRefusals = 0;

let smtp: SMTPServer;
let endpoint: http.Server;
let worker: RunningWorker;
let sender: PgBoss;

/** The text of a single-part message: headers unfolded, quoted-printable decoded. */
function parseMessage(raw: string, to: string[]): Received {
  const split = raw.indexOf("\r\n\r\n");
  const headers = raw.slice(0, split).replace(/\r\n[ \t]+/g, " ");
  const header = (name: string) => new RegExp(`^${name}: (.*)$`, "im").exec(headers)?.[1] ?? "";
  let body = raw.slice(split + 4);
  if (/quoted-printable/i.test(header("Content-Transfer-Encoding"))) {
    body = Buffer.from(body.replace(/=\r\n/g, "").replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))), "latin1").toString("utf8");
  } else if (/base64/i.test(header("Content-Transfer-Encoding"))) {
    body = Buffer.from(body, "base64").toString("utf8");
  }
  return { to, subject: header("Subject"), text: body.replace(/\r\n/g, "\n") };
}

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const write = (rows: readonly TrailRow[]) => insertTrail((statement) => db().$queryRaw<{ id: string }[]>(statement), rows);

async function staff(name: string): Promise<{ userId: string; username: string; userRole: string; ip: string }> {
  const id = randomUUID();
  await db().user.create({ data: { id, email: `${id}@test.example`, name, role: "clinician", passwordHash: "unused" }, select: { id: true } });
  return { userId: id, username: name, userRole: "clinician", ip: "10.60.0.1" };
}

async function route(key: string, settings: Omit<AlertRuleUpdate, "key">): Promise<void> {
  await updateRule(await userContextFor("admin"), AlertRuleUpdate.parse({ key, ...settings }));
}

async function alertsOf(ruleKey: string): Promise<{ id: string }[]> {
  return db().alert.findMany({ where: { ruleKey }, select: { id: true }, orderBy: { createdAt: "asc" } });
}

async function jobsAbout(alertId: string): Promise<string[]> {
  const rows = await db().$queryRaw<{ name: string }[]>`SELECT name FROM pgboss.job WHERE data->>'alertId' = ${alertId} ORDER BY name`;
  return rows.map((row) => row.name);
}

async function notifiedRows(alertId: string) {
  return db().auditLog.findMany({ where: { action: "alert.notified", resourceId: alertId }, select: { status: true, details: true, username: true }, orderBy: { id: "asc" } });
}

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        if (smtpRefusals > 0) {
          smtpRefusals -= 1;
          return callback(Object.assign(new Error("Try again later"), { responseCode: 451 }));
        }
        mails.push(parseMessage(Buffer.concat(chunks).toString("utf8"), session.envelope.rcptTo.map((rcpt) => rcpt.address).sort()));
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  endpoint = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      webhookCalls.push({ headers: request.headers, body: Buffer.concat(chunks).toString("utf8") });
      response.writeHead(webhookAnswers.shift() ?? 200).end();
    });
  });
  await new Promise<void>((resolve) => endpoint.listen(0, "127.0.0.1", resolve));
  // Before anything reads the environment (lib/env.ts parses it once).
  process.env.SMTP_URL = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
  process.env.ALERT_WEBHOOK_URL = `http://127.0.0.1:${(endpoint.address() as AddressInfo).port}/hooks/meridian`;
  process.env.ALERT_WEBHOOK_SECRET = SECRET;
  process.env.NEXTAUTH_URL = APP_URL;

  const databaseUrl = process.env.DATABASE_URL ?? "";
  worker = await startWorker({ databaseUrl, connectionCheckMinutes: 5, jobs: [], handlers: notificationHandlers() });
  // Jobs sent with a 1 s retry delay instead of 30 s, so the retries fit in a test.
  sender = createBoss(databaseUrl, { sendOnly: true });
  await sender.start();
  setJobSender({ send: (name, data, options) => sender.send(name, data, { ...options, retryDelay: 1 }) });
});

afterAll(async () => {
  await sender?.stop({ graceful: false, wait: true });
  await worker?.stop();
  await new Promise<void>((resolve) => smtp?.close(() => resolve()));
  await new Promise((resolve) => endpoint?.close(resolve));
});

describe("e-mail per alert", () => {
  it("sends a raised alert to its rule's two recipients: rule, severity and a link, nothing about the patient or user", async () => {
    await route("snoop.family_name", { notifyEmail: ["security@hospital.test", "privacy.officer@hospital.test"] });
    const patient = await insertPatient({ firstName: "Ottoline", lastName: "QUARTERMAIN" });
    const snoop = await staff("Dr Jo Quartermain");
    await write([{ ...snoop, action: "patient.viewed", at: new Date(), patientId: patient.id, resourceType: "patient", resourceId: patient.id }]);
    await detectAlerts();

    const [alert] = await alertsOf("snoop.family_name");
    await until(() => mails.some((mail) => mail.text.includes(alert?.id ?? "-")));
    const mail = mails.find((candidate) => candidate.text.includes(alert?.id ?? "-"));
    expect(mail?.to).toEqual(["privacy.officer@hospital.test", "security@hospital.test"]);
    expect(mail?.subject).toBe("[Meridian] high alert: Chart of a patient with the user's family name");
    expect(mail?.text).toContain(`Open the alert: ${APP_URL}/alerts/${alert?.id}`);
    for (const secret of [patient.lastName, "Quartermain", patient.firstName, patient.mrn, patient.id, snoop.userId, snoop.ip]) {
      expect(`${mail?.subject}\n${mail?.text}`.toLowerCase()).not.toContain(secret.toLowerCase());
    }
    await until(async () => (await notifiedRows(alert?.id ?? "")).length === 1);
    const [row] = await notifiedRows(alert?.id ?? "");
    expect(row).toMatchObject({ status: "success", details: { channel: "email", kind: "alert", recipients: 2, alerts: 1, attempt: 1 } });
    expect(JSON.stringify(row)).not.toContain("@hospital.test");

    // Seen again: counted into the open alert, no second e-mail.
    await write([{ ...snoop, action: "patient.viewed", at: new Date(), patientId: patient.id, resourceType: "patient", resourceId: patient.id }]);
    await detectAlerts();
    expect(await jobsAbout(alert?.id ?? "")).toEqual(["notify.email"]);
  });

  it("retries when the SMTP server refuses the message for a while", async () => {
    await route("access.denial_burst", { notifyEmail: ["soc@hospital.test"] });
    smtpRefusals = 1;
    const prober = await staff("Dr Al Prober");
    await write(Array.from({ length: 20 }, (): TrailRow => ({ ...prober, action: "access.denied", at: new Date(), status: "denied", details: { permission: "users:manage", reason: "permission_missing" } })));
    await detectAlerts();
    const [alert] = await alertsOf("access.denial_burst");
    await until(async () => (await notifiedRows(alert?.id ?? "")).some((row) => row.status === "success"));
    const rows = await notifiedRows(alert?.id ?? "");
    expect(rows.map((row) => [row.status, (row.details as { attempt: number }).attempt])).toEqual([["failure", 1], ["success", 2]]);
    expect(rows[0]?.details).toMatchObject({ channel: "email", error: "EMESSAGE 451", final: false });
    expect(mails.filter((mail) => mail.text.includes(alert?.id ?? "-"))).toHaveLength(1);
  });

  it("queues nothing for a rule without routing", async () => {
    const user = await staff("Dr Ann Unrouted");
    const patient = await insertPatient({ restricted: true });
    await write([{ ...user, action: "access.denied", at: new Date(), status: "denied", patientId: patient.id, resourceType: "patient", resourceId: patient.id, details: { reason: "restricted", attempted: "patient.viewed" } }]);
    await detectAlerts();
    const [alert] = await alertsOf("snoop.restricted_without_grant");
    expect(alert).toBeDefined();
    expect(await jobsAbout(alert?.id ?? "")).toEqual([]);
  });
});

describe("webhook", () => {
  it("posts the alert signed, retries an endpoint answering 500 twice, and the signature rejects a changed body or an old timestamp", async () => {
    await route("integrity.chain_failed", { notifyWebhook: true });
    webhookAnswers.push(500, 500);
    const before = webhookCalls.length;
    await write([{ action: "audit.verified", at: new Date(), status: "failure", username: "worker", resourceType: "audit_log", details: { ok: false, rowsChecked: 10, brokenAtId: "7", reason: "hash mismatch" } }]);
    await detectAlerts();
    const [alert] = await alertsOf("integrity.chain_failed");

    await until(async () => (await notifiedRows(alert?.id ?? "")).some((row) => row.status === "success"), 25_000);
    const calls = webhookCalls.slice(before);
    expect(calls).toHaveLength(3);
    expect((await notifiedRows(alert?.id ?? "")).map((row) => [row.status, (row.details as { attempt: number }).attempt])).toEqual([["failure", 1], ["failure", 2], ["success", 3]]);
    expect((await notifiedRows(alert?.id ?? ""))[0]?.details).toMatchObject({ channel: "webhook", host: new URL(process.env.ALERT_WEBHOOK_URL ?? "").host, error: "http_500", final: false });

    const last = calls[2] as WebhookCall;
    expect(JSON.parse(last.body)).toEqual({
      type: "alert.raised",
      alert: { id: alert?.id, rule: "integrity.chain_failed", severity: "critical", status: "open", count: 1, firstSeenAt: expect.any(String), lastSeenAt: expect.any(String), url: `${APP_URL}/alerts/${alert?.id}` },
    });
    const timestamp = String(last.headers[TIMESTAMP_HEADER.toLowerCase()]);
    const signature = String(last.headers[SIGNATURE_HEADER.toLowerCase()]);
    expect(signature).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature(SECRET, timestamp, last.body, signature)).toBe(true);
    expect(verifyWebhookSignature(SECRET, timestamp, last.body.replace('"critical"', '"low"'), signature)).toBe(false);
    expect(verifyWebhookSignature("another-secret-another-secret-0000", timestamp, last.body, signature)).toBe(false);
    // The same request replayed ten minutes later, or signed ten minutes ago: outside the five-minute tolerance.
    expect(verifyWebhookSignature(SECRET, timestamp, last.body, signature, 300, (Number(timestamp) + 600) * 1000)).toBe(false);
    const old = Math.floor(Date.now() / 1000) - 600;
    expect(verifyWebhookSignature(SECRET, old, last.body, signWebhook(SECRET, old, last.body))).toBe(false);
  }, 30_000);
});

describe("daily digest", () => {
  it("sends each recipient of digest rules one e-mail listing the day's alerts, and none one by one", async () => {
    await route("signin.lockout", { notifyEmail: ["oncall@hospital.test", "ciso@hospital.test"], digest: true });
    await route("snoop.break_glass", { notifyEmail: ["ciso@hospital.test"], digest: true });
    const users = await Promise.all(["Dr Lu One", "Dr Lu Two", "Dr Lu Three"].map((name) => staff(name)));
    await write([
      ...users.map((user): TrailRow => ({ ...user, action: "auth.locked_out", at: new Date(), status: "failure", resourceType: "user" })),
      ...users.slice(0, 2).map((user): TrailRow => ({ ...user, action: "patient.emergency_access", at: new Date(), patientId: randomUUID(), resourceType: "patient", details: { grantId: randomUUID(), flagged: true } })),
    ]);
    await detectAlerts();
    const lockouts = await alertsOf("signin.lockout");
    const breakGlass = await alertsOf("snoop.break_glass");
    expect([lockouts.length, breakGlass.length]).toEqual([3, 2]);
    for (const alert of [...lockouts, ...breakGlass]) expect(await jobsAbout(alert.id)).toEqual([]);

    const before = mails.length;
    const now = new Date(Date.now() + 1000);
    expect(await sendDigests(now)).toBe(2);
    // A rerun the same day (a retried digest job) queues nobody twice.
    expect(await sendDigests(now)).toBe(2);
    expect(await db().$queryRaw<{ count: bigint }[]>`SELECT count(*) FROM pgboss.job WHERE name = 'notify.email' AND data->>'kind' = 'digest'`).toEqual([{ count: 2n }]);
    await until(() => mails.length >= before + 2);
    const digests = mails.slice(before);
    expect(digests.map((mail) => mail.to).sort()).toEqual([["ciso@hospital.test"], ["oncall@hospital.test"]]);

    const oncall = digests.find((mail) => mail.to[0] === "oncall@hospital.test");
    expect(oncall?.subject).toBe("[Meridian] Daily alert digest: 3 alerts");
    expect(oncall?.text).toContain("Account locked out (signin.lockout): 3 alerts");
    for (const alert of lockouts) expect(oncall?.text).toContain(`${APP_URL}/alerts/${alert.id}`);
    expect(oncall?.text).not.toContain("snoop.break_glass");

    const ciso = digests.find((mail) => mail.to[0] === "ciso@hospital.test");
    expect(ciso?.subject).toBe("[Meridian] Daily alert digest: 5 alerts");
    expect(ciso?.text).toContain("Emergency access used (snoop.break_glass): 2 alerts");
    for (const alert of [...lockouts, ...breakGlass]) expect(ciso?.text).toContain(`${APP_URL}/alerts/${alert.id}`);
    for (const user of users) expect(ciso?.text).not.toContain(user.username);
  });
});
