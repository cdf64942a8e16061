import { randomUUID } from "node:crypto";
import { requestInfoFrom } from "@/lib/audit/context";
import { recordAudit, writeAudit, type AuditEntry } from "@/lib/audit/writer";
import { db, dbPool } from "@/lib/db/client";
import { inTransaction } from "@/lib/db/transaction";
import { CpuMeter } from "@/scripts/bench/cpu";
import { measureInTurns, printTable, type LoadOptions } from "@/scripts/bench/harness";

// What the audit trail costs a patient read: the same demographics read in a transaction, alone, with its audit row
// group-committed after it (recordAudit: what the application's reads do), and with its audit row in the read's own
// transaction (what they did before), measured back to back.

/** Turns per scenario (measureInTurns): enough that a few seconds of someone else's load fall on all three. */
const TURNS = 8;

const DEMOGRAPHICS = { id: true, mrn: true, firstName: true, lastName: true, birthDate: true, gender: true } as const;

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

  const rows = await measureInTurns(
    [
      { name: "patient read, no audit row (baseline)", operation: read },
      { name: "patient read, then its audit row group-committed (the application)", operation: groupCommitted },
      { name: "patient read + audit row in the same transaction (before)", operation: sameTransaction },
    ],
    load,
    TURNS,
    new CpuMeter(dbPool()),
  );
  printTable(`Audit cost (concurrency ${load.concurrency}, ${load.durationMs / 1000} s each in ${TURNS} turns)`, rows, rows[0]);
}
