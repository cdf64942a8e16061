import { randomUUID } from "node:crypto";
import type pg from "pg";
import { requestInfoFrom } from "@/lib/audit/context";
import { AuditGroupCommit } from "@/lib/audit/group-commit";
import { auditInsertRows, auditRowValues, recordAudit, writeAudit, type AuditEntry, type AuditRowValues } from "@/lib/audit/writer";
import { db, dbPool } from "@/lib/db/client";
import { hotStatement } from "@/lib/db/hot-statement";
import { inTransaction } from "@/lib/db/transaction";
import { CpuMeter } from "@/scripts/bench/cpu";
import { measureInTurns, printTable, type LoadOptions } from "@/scripts/bench/harness";

// What the audit trail costs a patient read: the same demographics read in a transaction, alone, with its audit row
// group-committed after it (recordAudit: what the application's reads do), and with its audit row in the read's own
// transaction (what they did before), measured back to back. A fourth row group-commits the same row into a table
// with no index and no trigger: what durability alone costs (a WAL-flushed commit holding the row), the floor under
// any audit design that keeps "the row is committed before the data is returned".

/** The floor's table: audit_logs' columns and defaults, none of its 15 indexes, its hash chain or its triggers. */
const FLOOR_TABLE = "bench_audit_floor";

/** Turns per scenario (measureInTurns): enough that a few seconds of someone else's load fall on all of them. */
const TURNS = 8;

const DEMOGRAPHICS = { id: true, mrn: true, firstName: true, lastName: true, birthDate: true, gender: true } as const;

/** The application's group-commit statement, sent to FLOOR_TABLE instead of audit_logs. */
function floorInsert(rows: readonly AuditRowValues[]): pg.QueryConfig {
  const statement = auditInsertRows(rows);
  const text = statement.text.replace(/^INSERT INTO audit_logs /, `INSERT INTO ${FLOOR_TABLE} `);
  if (text === statement.text) throw new Error("the audit insert no longer starts with INSERT INTO audit_logs");
  return hotStatement("bench_audit_floor_rows", text, statement.values);
}

async function createFloorTable(): Promise<void> {
  await dbPool().query(`DROP TABLE IF EXISTS ${FLOOR_TABLE}`);
  await dbPool().query(`CREATE TABLE ${FLOOR_TABLE} (LIKE audit_logs INCLUDING DEFAULTS)`);
  await dbPool().query(`ALTER TABLE ${FLOOR_TABLE} ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY`);
}

async function samplePatientIds(count: number): Promise<{ id: string }[]> {
  return db().$queryRaw<{ id: string }[]>`SELECT id::text AS id FROM patients TABLESAMPLE SYSTEM (1) LIMIT ${count}`;
}

export async function benchAuditCost(load: LoadOptions): Promise<void> {
  const ids = await samplePatientIds(2000);
  if (ids.length === 0) throw new Error("No patients: seed the database first (npm run cli -- seed --patients 1000000).");
  const actor = { kind: "user" as const, id: randomUUID(), name: "bench@meridian.test", role: "clinician" };
  const idAt = (i: number) => ids[i % ids.length]?.id ?? "";

  const read = (i: number) => inTransaction((tx) => tx.patient.findUnique({ where: { id: idAt(i) }, select: DEMOGRAPHICS }));
  const readEntry = (patient: { id: string; mrn: string } | null): AuditEntry => ({
    action: "patient.viewed",
    actor,
    request: requestInfoFrom(new Headers({ "user-agent": "meridian-bench" }), "GET", "/bench/patients"),
    outcome: "success",
    statusCode: 200,
    resourceType: "patient",
    resourceId: patient?.id,
    patient: patient ? { id: patient.id, mrn: patient.mrn } : undefined,
    dataCategory: "demographics",
  });
  const groupCommitted = async (i: number) => {
    const patient = await read(i);
    await recordAudit(readEntry(patient));
    return patient;
  };
  const sameTransaction = (i: number) =>
    inTransaction(async (tx) => {
      const patient = await tx.patient.findUnique({ where: { id: idAt(i) }, select: DEMOGRAPHICS });
      await writeAudit(tx, readEntry(patient));
      return patient;
    });

  const floor = new AuditGroupCommit(dbPool, floorInsert);
  const durableOnly = async (i: number) => {
    const patient = await read(i);
    await floor.append(auditRowValues(readEntry(patient)));
    return patient;
  };

  await createFloorTable();
  const rows = await measureInTurns(
    [
      { name: "patient read, no audit row (baseline)", operation: read },
      { name: "patient read, then its audit row group-committed (the application)", operation: groupCommitted },
      { name: "patient read + audit row in the same transaction (before)", operation: sameTransaction },
      { name: "patient read, then the row group-committed to a table without indexes or triggers (durability alone)", operation: durableOnly },
    ],
    load,
    TURNS,
    new CpuMeter(dbPool()),
  ).finally(() => dbPool().query(`DROP TABLE IF EXISTS ${FLOOR_TABLE}`));
  printTable(`Audit cost (concurrency ${load.concurrency}, ${load.durationMs / 1000} s each in ${TURNS} turns)`, rows, rows[0]);
}
