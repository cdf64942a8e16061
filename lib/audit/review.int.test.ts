import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { AUDIT_SORT_FIELDS, AuditSearchCriteria, PatientAccessReportCriteria, UserAccessReportCriteria } from "@/lib/audit/criteria";
import { AUDIT_CSV_HEADER } from "@/lib/audit/csv";
import { exportAuditCsv } from "@/lib/audit/export";
import { auditLogOverview, getAuditEvent, listAuditEvents } from "@/lib/audit/listing";
import { findReportUsers, patientAccessReport, userAccessReport } from "@/lib/audit/reports";
import { verifyAuditTrail } from "@/lib/audit/verification";
import type { AuthContext } from "@/lib/auth/assert";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { contextFor } from "@/lib/testing/auth-context";

// Rows are inserted directly (the trigger still chains them) so each test controls timestamps and every column.
type Seed = Omit<Prisma.AuditLogCreateInput, "eventType" | "action" | "status"> & Partial<Pick<Prisma.AuditLogCreateInput, "eventType" | "action" | "status">>;

async function seed(row: Seed): Promise<string> {
  const created = await db().auditLog.create({
    data: { eventType: "data_access", eventCategory: "patient_view", action: "patient.viewed", status: "success", ...row },
    select: { id: true },
  });
  return created.id.toString();
}

const search = (query: Record<string, unknown>) => AuditSearchCriteria.parse(query);

async function auditRowsBy(ctx: AuthContext) {
  return db().auditLog.findMany({
    where: { userId: ctx.actor.id },
    orderBy: { id: "asc" },
    select: { action: true, username: true, userRole: true, status: true, statusCode: true, details: true, requestId: true },
  });
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

/** A minimal RFC 4180 parser, enough to read back what the export wrote. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ",") {
      record.push(cell);
      cell = "";
    } else if (char === "\r" && text[i + 1] === "\n") {
      record.push(cell);
      records.push(record);
      record = [];
      cell = "";
      i += 1;
    } else cell += char;
  }
  return records;
}

const compliance = () => contextFor("compliance", "/audit");

const snake = (field: string) => field.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

describe("listAuditEvents", () => {
  const marker = "sort-fixture";
  const day = (n: number) => new Date(Date.UTC(2031, 0, n, 12));
  let alice: { id: string };
  let patient: { id: string; mrn: string };

  beforeAll(async () => {
    alice = await db().user.create({
      data: { email: "alice.auditee@hospital.test", name: "Alice Auditee", role: "clinician", passwordHash: "not-a-real-hash" },
      select: { id: true },
    });
    patient = await db().patient.create({
      data: { mrn: "MRN-AUD-1", firstName: "Pat", lastName: "Ient", birthDate: new Date("1970-01-01") },
      select: { id: true, mrn: true },
    });
    await seed({ resourceType: marker, timestamp: day(1), userId: alice.id, username: "Alice Auditee", userRole: "clinician", patientId: patient.id, patientMrn: patient.mrn, dataCategory: "results", statusCode: 200, durationMs: 12, ipAddress: "10.0.0.2", requestMethod: "GET", requestPath: "/patients/b", requestId: "req-a", resourceId: "b" });
    await seed({ resourceType: marker, timestamp: day(2), eventType: "authorization", eventCategory: "permission_denied", action: "access.denied", status: "denied", userId: "bob-id", username: "Bob Builder", userRole: "admin", statusCode: 403, durationMs: 3, ipAddress: "10.0.0.1", requestMethod: "POST", requestPath: "/admin", requestId: "req-b", resourceId: "a" });
    // Only the patient id, no MRN: still found by MRN through the patient record.
    await seed({ resourceType: marker, timestamp: day(2), userId: alice.id, username: "Alice Auditee", userRole: "clinician", patientId: patient.id, dataCategory: "medications", statusCode: 500, status: "failure", durationMs: 40, ipAddress: "10.0.0.3", requestMethod: "GET", requestPath: "/patients/c", requestId: "req-c", resourceId: "c" });
    await seed({ resourceType: marker, timestamp: day(3), eventCategory: "emergency_access", action: "patient.emergency_access", userId: "carol-id", username: "Carol", userRole: "clinician", patientMrn: "MRN-OTHER", dataCategory: "full_chart", requestId: "req-d", details: { reason: "Unconscious patient in ED" } });
  });

  it("filters by every criterion", async () => {
    const ctx = compliance();
    const ids = async (query: Record<string, unknown>) =>
      (await listAuditEvents(ctx, search({ resourceType: marker, sort: "requestId", ...query }))).data.map((row) => row.requestId);

    expect(await ids({})).toEqual(["req-a", "req-b", "req-c", "req-d"]);
    expect(await ids({ eventType: "authorization" })).toEqual(["req-b"]);
    expect(await ids({ action: "patient.emergency_access" })).toEqual(["req-d"]);
    expect(await ids({ status: "failure" })).toEqual(["req-c"]);
    expect(await ids({ dataCategory: "results" })).toEqual(["req-a"]);
    expect(await ids({ requestId: "req-b" })).toEqual(["req-b"]);
    expect(await ids({ resourceId: "c" })).toEqual(["req-c"]);
    expect(await ids({ mrn: "MRN-AUD-1" })).toEqual(["req-a", "req-c"]);
    expect(await ids({ user: alice.id })).toEqual(["req-a", "req-c"]);
    expect(await ids({ user: "alice.auditee@hospital" })).toEqual(["req-a", "req-c"]);
    expect(await ids({ user: "ALICE AUD" })).toEqual(["req-a", "req-c"]);
    // Bob has no account: his rows are found by the name they recorded, in full.
    expect(await ids({ user: "Bob Builder" })).toEqual(["req-b"]);
    expect(await ids({ user: "bob" })).toEqual([]);
    // % and _ are the characters themselves, not wildcards.
    expect(await ids({ user: "%" })).toEqual([]);
    expect(await ids({ user: "_" })).toEqual([]);
    expect(await ids({ user: "Alice_Auditee" })).toEqual([]);
    expect(await ids({ from: "2031-01-02", to: "2031-01-02" })).toEqual(["req-b", "req-c"]);
    expect(await ids({ from: "2031-01-03T00:00:00Z" })).toEqual(["req-d"]);
    expect(await ids({ resourceType: "nothing-here" })).toEqual([]);
  });

  it("sorts by every column in both directions, ties broken by time then id", async () => {
    const ctx = compliance();
    for (const field of AUDIT_SORT_FIELDS) {
      for (const dir of ["asc", "desc"] as const) {
        const listed = await listAuditEvents(ctx, search({ resourceType: marker, sort: field, dir }));
        const expected = await db().$queryRawUnsafe<{ id: bigint }[]>(
          `SELECT id FROM audit_logs WHERE resource_type = $1 ORDER BY ${snake(field)} ${dir}, timestamp ${dir}, id ${dir}`,
          marker,
        );
        expect(listed.data.map((row) => row.id), `${field} ${dir}`).toEqual(expected.map((row) => row.id.toString()));
      }
    }
  });

  it("orders a column by its values, with equal values in id order and empty values last", async () => {
    const ctx = compliance();
    const codes = await listAuditEvents(ctx, search({ resourceType: marker, sort: "statusCode" }));
    expect(codes.data.map((row) => row.statusCode)).toEqual([200, 403, 500, null]);
    const byTime = await listAuditEvents(ctx, search({ resourceType: marker, sort: "-timestamp" }));
    expect(byTime.data.map((row) => row.requestId)).toEqual(["req-d", "req-c", "req-b", "req-a"]);
    const newestFirst = await listAuditEvents(ctx, search({ resourceType: marker }));
    expect(newestFirst.data.map((row) => row.requestId)).toEqual(["req-d", "req-c", "req-b", "req-a"]);
  });

  it("pages through the same order by cursor, forward and back, without gaps or repeats", async () => {
    const ctx = compliance();
    const all = await listAuditEvents(ctx, search({ resourceType: marker, sort: "timestamp" }));
    const first = await listAuditEvents(ctx, search({ resourceType: marker, sort: "timestamp", pageSize: 3 }));
    expect(first).toMatchObject({ pageSize: 3, total: 4, totalIsEstimate: false, previous: null });
    const second = await listAuditEvents(ctx, search({ resourceType: marker, sort: "timestamp", pageSize: 3, after: first.next }));
    expect(second.next).toBeNull();
    expect([...first.data, ...second.data].map((row) => row.id)).toEqual(all.data.map((row) => row.id));
    const back = await listAuditEvents(ctx, search({ resourceType: marker, sort: "timestamp", pageSize: 3, before: second.previous }));
    expect(back.data.map((row) => row.id)).toEqual(first.data.map((row) => row.id));
    expect(back.previous).toBeNull();
  });

  it("refuses a cursor of another sort, or after and before together, as invalid criteria", async () => {
    const first = await listAuditEvents(compliance(), search({ resourceType: marker, sort: "timestamp", pageSize: 1 }));
    expect(AuditSearchCriteria.safeParse({ sort: "username", after: first.next }).success).toBe(false);
    expect(AuditSearchCriteria.safeParse({ sort: "timestamp", dir: "desc", after: first.next }).success).toBe(false);
    expect(AuditSearchCriteria.safeParse({ sort: "timestamp", after: first.next, before: first.next }).success).toBe(false);
    expect(AuditSearchCriteria.safeParse({ after: "%%%" }).success).toBe(false);
  });

  it("refuses page sizes over 100 and a range that ends before it starts", () => {
    expect(AuditSearchCriteria.safeParse({ pageSize: "101" }).success).toBe(false);
    expect(AuditSearchCriteria.safeParse({ sort: "hash" }).success).toBe(false);
    expect(AuditSearchCriteria.safeParse({ from: "2031-01-05", to: "2031-01-01" }).success).toBe(false);
    expect(AuditSearchCriteria.parse(new URLSearchParams("pageSize=100&sort=-username"))).toMatchObject({ pageSize: 100, sort: "username", dir: "desc" });
  });

  it("flags emergency access with the reason given", async () => {
    const { data } = await listAuditEvents(compliance(), search({ resourceType: marker, action: "patient.emergency_access" }));
    expect(data).toHaveLength(1);
    expect(data[0]).toMatchObject({ emergencyAccess: true, emergencyReason: "Unconscious patient in ED", patientMrn: "MRN-OTHER" });
    const ordinary = await listAuditEvents(compliance(), search({ requestId: "req-a" }));
    expect(ordinary.data[0]).toMatchObject({ emergencyAccess: false, emergencyReason: null });
  });

  it("returns plain DTOs: no hashes or details in list rows, ids as strings", async () => {
    const { data } = await listAuditEvents(compliance(), search({ requestId: "req-d" }));
    expect(Object.keys(data[0] ?? {})).not.toContain("hash");
    expect(Object.keys(data[0] ?? {})).not.toContain("details");
    expect(typeof data[0]?.id).toBe("string");
  });

  it("reads one event with its details and chain links, and a missing one is NOT_FOUND", async () => {
    const ctx = compliance();
    const { data } = await listAuditEvents(ctx, search({ requestId: "req-d" }));
    const event = await getAuditEvent(ctx, data[0]?.id ?? "");
    expect(event).toMatchObject({ action: "patient.emergency_access", details: { reason: "Unconscious patient in ED" }, emergencyAccess: true });
    expect(event.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(event.prevHash).toMatch(/^[0-9a-f]{64}$/);
    await expect(getAuditEvent(ctx, "999999999")).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(getAuditEvent(ctx, "not-a-number")).rejects.toMatchObject({ code: "NOT_FOUND" });
    // Above the bigint range, or with leading zeros, signs or spaces: not an id, never sent to the database.
    for (const malformed of ["9223372036854775808", "99999999999999999999", "0", "-1", "007", " 1", "1e3"]) {
      await expect(getAuditEvent(ctx, malformed), malformed).rejects.toMatchObject({ code: "NOT_FOUND" });
    }
    const failed = (await auditRowsBy(ctx)).filter((row) => row.status === "failure");
    expect(failed).toHaveLength(9);
    expect(failed.every((row) => row.action === "audit.viewed" && row.statusCode === 404)).toBe(true);
  });
});

describe("every function audits itself exactly once, as its caller", () => {
  const cases: [string, "audit.viewed" | "audit.exported" | "audit.verified", (ctx: AuthContext) => Promise<unknown>][] = [
    ["listAuditEvents", "audit.viewed", (ctx) => listAuditEvents(ctx, search({}))],
    ["auditLogOverview", "audit.viewed", (ctx) => auditLogOverview(ctx, search({}))],
    ["getAuditEvent", "audit.viewed", async (ctx) => getAuditEvent(ctx, (await listAuditEvents(compliance(), search({ pageSize: 1 }))).data[0]?.id ?? "")],
    ["patientAccessReport", "audit.viewed", (ctx) => patientAccessReport(ctx, PatientAccessReportCriteria.parse({ mrn: "MRN-NOBODY" }))],
    ["userAccessReport", "audit.viewed", (ctx) => userAccessReport(ctx, UserAccessReportCriteria.parse({ userId: randomUUID() }))],
    ["findReportUsers", "audit.viewed", (ctx) => findReportUsers(ctx, { q: "someone" })],
    ["exportAuditCsv", "audit.exported", async (ctx) => readAll(await exportAuditCsv(ctx, search({})))],
    ["verifyAuditTrail", "audit.verified", (ctx) => verifyAuditTrail(ctx)],
  ];

  it.each(cases)("%s writes one %s row with the caller's user", async (_name, action, call) => {
    const ctx = compliance();
    await call(ctx);
    const rows = await auditRowsBy(ctx);
    expect(rows).toEqual([
      expect.objectContaining({ action, username: ctx.actor.name, userRole: "compliance", status: "success", requestId: ctx.request.requestId }),
    ]);
  });

  it.each(cases)("%s refuses a clinician with FORBIDDEN, and the denial is audited", async (_name, _action, call) => {
    const ctx = contextFor("clinician", "/audit");
    const attempt = call(ctx);
    await expect(attempt).rejects.toBeInstanceOf(AppError);
    await expect(attempt).rejects.toMatchObject({ code: "FORBIDDEN" });
    const rows = await auditRowsBy(ctx);
    expect(rows).toEqual([expect.objectContaining({ action: "access.denied", status: "denied", statusCode: 403, userRole: "clinician" })]);
    expect(rows[0]?.details).toMatchObject({ permission: expect.stringMatching(/^audit:/) });
  });

  it("records the filter in the view's details", async () => {
    const ctx = compliance();
    const first = await listAuditEvents(compliance(), search({ sort: "username", pageSize: 1 }));
    await listAuditEvents(ctx, search({ eventType: "authentication", from: "2030-01-01", sort: "username", after: first.next }));
    const [row] = await auditRowsBy(ctx);
    expect(row?.details).toMatchObject({
      view: "log",
      filter: { eventType: "authentication", from: "2030-01-01T00:00:00.000Z" },
      sort: "username",
      dir: "asc",
      position: { direction: "after", id: first.data[0]?.id },
    });
  });
});

describe("exportAuditCsv", () => {
  it("escapes quotes, commas, newlines and defuses formulas", async () => {
    const requestId = `csv-${randomUUID()}`;
    const id = await seed({
      requestId,
      username: "=HYPERLINK(\"http://evil.example\",\"click\")",
      resourceId: 'a,"b"\nc',
      requestPath: "+SUM(A1:A2)",
      userAgent: "@import",
      resourceType: "-2+3",
      details: { note: 'say "hi", then leave' },
    });
    const ctx = compliance();
    const text = await readAll(await exportAuditCsv(ctx, search({ requestId })));
    expect(text.split("\r\n")[0]).toBe(AUDIT_CSV_HEADER.join(","));
    const [header, row, ...rest] = parseCsv(text);
    expect(rest).toEqual([]);
    const cell = (name: string) => row?.[header?.indexOf(name) ?? -1];
    expect(cell("id")).toBe(id);
    expect(cell("username")).toBe("'=HYPERLINK(\"http://evil.example\",\"click\")");
    expect(cell("resource_id")).toBe('a,"b"\nc');
    expect(cell("request_path")).toBe("'+SUM(A1:A2)");
    expect(cell("user_agent")).toBe("'@import");
    expect(cell("resource_type")).toBe("'-2+3");
    expect(JSON.parse(cell("details") ?? "")).toEqual({ note: 'say "hi", then leave' });
  });

  it("commits the export's audit row before the stream is read, and stops at the rows that existed then", async () => {
    const resourceType = `export-${randomUUID().slice(0, 8)}`;
    await seed({ resourceType, requestId: "before" });
    const ctx = compliance();
    const stream = await exportAuditCsv(ctx, search({ resourceType }));
    const exported = await db().auditLog.findFirst({ where: { userId: ctx.actor.id, action: "audit.exported" }, select: { details: true } });
    expect(exported?.details).toMatchObject({ format: "csv", filter: { resourceType } });
    await seed({ resourceType, requestId: "after" });
    const rows = parseCsv(await readAll(stream));
    expect(rows.map((row) => row[AUDIT_CSV_HEADER.indexOf("request_id")])).toEqual(["request_id", "before"]);
  });

  it("streams more rows than one batch, each once and in id order", async () => {
    const resourceType = `bulk-${randomUUID().slice(0, 8)}`;
    await db().auditLog.createMany({
      data: Array.from({ length: 1_234 }, (_, n) => ({ eventType: "data_access", action: "patient.viewed", status: "success", resourceType, resourceId: String(n) })),
    });
    const rows = parseCsv(await readAll(await exportAuditCsv(compliance(), search({ resourceType })))).slice(1);
    expect(rows).toHaveLength(1_234);
    const ids = rows.map((row) => BigInt(row[0] ?? ""));
    expect(ids.every((id, n) => n === 0 || id > (ids[n - 1] ?? 0n))).toBe(true);
    expect(rows.map((row) => row[AUDIT_CSV_HEADER.indexOf("resource_id")])).toEqual(Array.from({ length: 1_234 }, (_, n) => String(n)));
  });
});

describe("reports", () => {
  const day = (n: number, hour = 9) => new Date(Date.UTC(2032, 5, n, hour));
  let dana: { id: string };
  let erin: { id: string };
  let patient: { id: string; mrn: string };

  beforeAll(async () => {
    dana = await db().user.create({ data: { email: "dana@hospital.test", name: "Dana Doctor", role: "clinician", passwordHash: "x" }, select: { id: true } });
    erin = await db().user.create({ data: { email: "erin@hospital.test", name: "Erin Nurse", role: "clinician", passwordHash: "x" }, select: { id: true } });
    patient = await db().patient.create({
      data: { mrn: "MRN-REPORT-1", firstName: "Rita", lastName: "Report", birthDate: new Date("1980-02-02") },
      select: { id: true, mrn: true },
    });
    const who = (user: { id: string }, name: string) => ({ userId: user.id, username: name, userRole: "clinician" });
    const onPatient = { patientId: patient.id, patientMrn: patient.mrn };
    await seed({ ...who(dana, "Dana Doctor"), ...onPatient, timestamp: day(1), dataCategory: "demographics" });
    await seed({ ...who(dana, "Dana Doctor"), ...onPatient, timestamp: day(2), dataCategory: "results" });
    await seed({ ...who(dana, "Dana Doctor"), ...onPatient, timestamp: day(3), dataCategory: "results" });
    await seed({ ...who(erin, "Erin Nurse"), ...onPatient, timestamp: day(4), action: "patient.emergency_access", eventCategory: "emergency_access", dataCategory: "full_chart", details: { reason: "Code blue" } });
    await seed({ ...who(erin, "Erin Nurse"), ...onPatient, timestamp: day(4, 8), action: "access.denied", eventType: "authorization", eventCategory: "permission_denied", status: "denied" });
    await seed({ ...who(dana, "Dana Doctor"), patientMrn: "MRN-REPORT-2", timestamp: day(5), dataCategory: "allergies" });
    await seed({ ...who(dana, "Dana Doctor"), timestamp: day(6), eventType: "authentication", eventCategory: "login", action: "auth.login_succeeded" });
  });

  it("lists who accessed a patient, per user, with counts, first and last access and categories", async () => {
    const report = await patientAccessReport(compliance(), PatientAccessReportCriteria.parse({ mrn: "MRN-REPORT-1" }));
    expect(report.patient).toEqual({ id: patient.id, mrn: "MRN-REPORT-1" });
    expect(report.users).toEqual([
      { userId: erin.id, username: "Erin Nurse", userRole: "clinician", events: 2, firstAccess: day(4, 8), lastAccess: day(4), dataCategories: ["full_chart"], emergencyAccesses: 1, deniedAttempts: 1 },
      { userId: dana.id, username: "Dana Doctor", userRole: "clinician", events: 3, firstAccess: day(1), lastAccess: day(3), dataCategories: ["demographics", "results"], emergencyAccesses: 0, deniedAttempts: 0 },
    ]);
    expect(report.events.total).toBe(5);
    expect(report.events.data[0]).toMatchObject({ emergencyAccess: true, emergencyReason: "Code blue" });
    expect(report.events.data.map((event) => event.timestamp)).toEqual([day(4), day(4, 8), day(3), day(2), day(1)]);
  });

  it("narrows the patient report to a time range and pages its events", async () => {
    const criteria = { patientId: patient.id, from: "2032-06-02", to: "2032-06-03", pageSize: 1 };
    const first = await patientAccessReport(compliance(), PatientAccessReportCriteria.parse(criteria));
    const report = await patientAccessReport(compliance(), PatientAccessReportCriteria.parse({ ...criteria, after: first.events.next }));
    expect(report.users).toEqual([expect.objectContaining({ userId: dana.id, events: 2, dataCategories: ["results"] })]);
    expect(report.events).toMatchObject({ total: 2, pageSize: 1, next: null });
    expect(report.events.data.map((event) => event.timestamp)).toEqual([day(2)]);
  });

  it("lists what a user accessed, per patient, and all of the user's events", async () => {
    const report = await userAccessReport(compliance(), UserAccessReportCriteria.parse({ userId: dana.id }));
    expect(report.subject).toEqual({ id: dana.id, kind: "user", name: "Dana Doctor", email: "dana@hospital.test", role: "clinician" });
    expect(report.patients).toEqual([
      { patientId: null, patientMrn: "MRN-REPORT-2", events: 1, firstAccess: day(5), lastAccess: day(5), dataCategories: ["allergies"], emergencyAccesses: 0, deniedAttempts: 0 },
      { patientId: patient.id, patientMrn: "MRN-REPORT-1", events: 3, firstAccess: day(1), lastAccess: day(3), dataCategories: ["demographics", "results"], emergencyAccesses: 0, deniedAttempts: 0 },
    ]);
    expect(report.events.total).toBe(5);
    expect(report.events.data[0]?.action).toBe("auth.login_succeeded");
  });

  it("finds users for the report by name or e-mail", async () => {
    const byName = await findReportUsers(compliance(), { q: "erin" });
    expect(byName).toEqual([{ id: erin.id, name: "Erin Nurse", email: "erin@hospital.test", role: "clinician", active: true }]);
    expect((await findReportUsers(compliance(), { q: "DANA@HOSP" })).map((user) => user.name)).toEqual(["Dana Doctor"]);
    expect(await findReportUsers(compliance(), { q: "%%" })).toEqual([]);
    expect(await findReportUsers(compliance(), { q: "__" })).toEqual([]);
  });
});

describe("verifyAuditTrail", () => {
  it("reports an intact chain and the overview shows the latest verification", async () => {
    const ctx = compliance();
    const result = await verifyAuditTrail(ctx);
    expect(result).toMatchObject({ ok: true });
    expect(result.rowsChecked).toBeGreaterThan(0);
    const overview = await auditLogOverview(compliance(), search({ pageSize: 1 }));
    expect(overview.latestVerification).toMatchObject({ ok: true, rowsChecked: result.rowsChecked, verifiedBy: ctx.actor.name, brokenAtId: null });
  });
});
