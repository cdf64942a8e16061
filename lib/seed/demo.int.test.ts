import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSecret } from "@/lib/secrets/keyring";
import { db } from "@/lib/db/client";
import { migrateUp } from "@/lib/db/migrations/runner";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { ssnProblem } from "@/lib/patients/ssn";
import { LAB_TESTS } from "@/lib/seed/catalog/labs";
import { VITAL_SIGNS } from "@/lib/seed/catalog/vitals";
import { seedDemoData } from "@/lib/seed/demo";
import { createEmptyDatabase, dropDatabase } from "@/lib/testing/databases";

const TABLES = ["users", "emr_connections", "patients", "observations", "medications", "allergies", "hl7_messages"] as const;
// Salted or randomly-nonced values differ on every run by design; timestamps record when the seed ran.
const VOLATILE = new Set(["password_hash", "ssn_encrypted", "credentials_encrypted", "created_at", "updated_at"]);
const quiet = { log: () => undefined };

type Row = Record<string, unknown>;

async function snapshot(url: string, keepVolatile = false): Promise<Record<string, Row[]>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result: Record<string, Row[]> = {};
    for (const table of TABLES) {
      const rows = (await client.query<Row>(`SELECT * FROM "${table}" ORDER BY id`)).rows;
      result[table] = rows.map((row) => Object.fromEntries(Object.entries(row).filter(([column]) => keepVolatile || !VOLATILE.has(column))));
    }
    return result;
  } finally {
    await client.end();
  }
}

const firstUrl = process.env.DATABASE_URL ?? "";
let second: { name: string; url: string };
let secondPool: pg.Pool;
let secondClient: PrismaClient;

beforeAll(async () => {
  second = await createEmptyDatabase();
  await migrateUp(second.url);
  secondPool = new pg.Pool({ connectionString: second.url });
  secondClient = new PrismaClient({ adapter: new PrismaPg(secondPool) });
});

afterAll(async () => {
  await secondClient.$disconnect();
  await secondPool.end();
  await dropDatabase(second.name);
});

describe("seedDemoData", () => {
  it("seeds users, connections, patients and their history, and reports the counts", async () => {
    const result = await seedDemoData(db(), { patients: 20, ...quiet });
    expect(result.seeded).toBe(true);
    if (!result.seeded) return;
    // Each EMR as its FHIR API and its HL7 feed, plus one outbound lab link.
    expect(result.counts).toMatchObject({ users: 3, connections: 8, patients: 20 });
    expect(result.counts.observations).toBeGreaterThan(20 * 20);
    expect(result.counts.hl7Messages).toBeGreaterThanOrEqual(20 * 1.5);
    expect(await db().patient.count()).toBe(20);
  });

  it("produces identical rows in a second, fresh database", async () => {
    const result = await seedDemoData(secondClient, { patients: 20, ...quiet });
    expect(result.seeded).toBe(true);
    const [first, copy] = await Promise.all([snapshot(firstUrl), snapshot(second.url)]);
    for (const table of TABLES) {
      expect(copy[table]?.length, table).toBe(first[table]?.length);
      expect(copy[table], table).toEqual(first[table]);
    }
  });

  it("changes nothing when run again", async () => {
    const before = await snapshot(firstUrl, true);
    const lines: string[] = [];
    const result = await seedDemoData(db(), { patients: 20, log: (line) => lines.push(line) });
    expect(result).toEqual({ seeded: false, reason: expect.stringContaining("already has 3 user") });
    expect(lines).toEqual([expect.stringContaining("not seeded")]);
    expect(await snapshot(firstUrl, true)).toEqual(before);
  });

  it("encrypts each SSN with the configured keys, and its last four match ssn_last4", async () => {
    const patients = await db().patient.findMany({ select: { ssnEncrypted: true, ssnLast4: true } });
    for (const patient of patients) {
      const ssn = openSecret(patient.ssnEncrypted ?? "");
      expect(ssnProblem(ssn)).toBeNull();
      expect(ssn.slice(5)).toBe(patient.ssnLast4);
    }
  });

  it("stores LOINC-coded observations with UCUM units, reference ranges and consistent abnormal flags", async () => {
    const catalog = new Map([...VITAL_SIGNS, ...LAB_TESTS].map((test) => [test.code, test]));
    const observations = await db().observation.findMany();
    const flags = new Set<string | null>();
    for (const o of observations) {
      const test = catalog.get(o.code);
      expect(test, o.code).toBeDefined();
      expect(o.codeSystem).toBe("http://loinc.org");
      expect(o.unit).toBe(test?.unit);
      flags.add(o.abnormalFlag);
      if (o.referenceRangeLow === null && o.referenceRangeHigh === null) continue;
      expect(o.referenceRangeText).toBeTruthy();
      const value = o.valueQuantity ?? Number.NaN;
      const expected =
        o.referenceRangeLow !== null && value < o.referenceRangeLow ? /^LL?$/
          : o.referenceRangeHigh !== null && value > o.referenceRangeHigh ? /^HH?$/
            : /^N$/;
      expect(o.abnormalFlag, `${o.code} ${value}`).toMatch(expected);
    }
    expect(flags.has("N")).toBe(true);
    expect(flags.has("H") || flags.has("HH")).toBe(true);
    expect(flags.has("L") || flags.has("LL")).toBe(true);
    const normal = observations.filter((o) => o.abnormalFlag === "N").length;
    const flagged = observations.filter((o) => o.abnormalFlag !== null).length;
    expect(normal / flagged).toBeGreaterThan(0.6);
  });

  it("gives each patient the identifiers its HL7 messages carry in PID-3, so a message for a demo patient finds them", async () => {
    const messages = await db().hL7Message.findMany({ where: { messageType: "ADT" }, select: { patientId: true, rawMessage: true }, take: 25 });
    expect(messages.length).toBeGreaterThan(0);
    for (const message of messages) {
      const pid = message.rawMessage?.split("\r").find((segment) => segment.startsWith("PID|"));
      const repetitions = pid?.split("|")[3]?.split("~") ?? [];
      expect(repetitions.map((cx) => cx.split("^")[4])).toEqual(["MR", "PI"]);
      for (const cx of repetitions) {
        const [value = "", , , assigningAuthority = "", identifierType = ""] = cx.split("^");
        const holder = await db().patientIdentifier.findUnique({
          where: { assigningAuthority_identifierType_value: { assigningAuthority, identifierType, value } },
          select: { patientId: true },
        });
        expect(holder?.patientId, cx).toBe(message.patientId);
      }
    }
    expect(await db().patient.count({ where: { mrnAuthority: { not: "MERIDIAN" } } })).toBe(0);
  });

  it("links every HL7 message to its patient and to the HL7 feed of the patient's EMR", async () => {
    const messages = await db().hL7Message.findMany({ select: { patientId: true, connectionId: true, patient: { select: { sourceEmr: true } } } });
    const connections = new Map((await db().eMRConnection.findMany({ select: { id: true, connectionId: true } })).map((c) => [c.id, c.connectionId]));
    for (const message of messages) expect(connections.get(message.connectionId ?? "")).toBe(`${message.patient?.sourceEmr}-hl7`);
  });
});
