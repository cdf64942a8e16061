import { randomUUID } from "node:crypto";
import { requestInfoFrom } from "@/lib/audit/context";
import { writeAudit } from "@/lib/audit/writer";
import { db } from "@/lib/db/client";
import { inTransaction } from "@/lib/db/transaction";
import { measure, printTable, type LoadOptions } from "@/scripts/bench/harness";

// What the audit trail costs a patient read: the same demographics read in a transaction, once alone and once
// with its audit row (hash-chained, inserts serialised by the chain trigger), measured back to back.

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
  const auditedRead = (i: number) =>
    inTransaction(async (tx) => {
      const patient = await tx.patient.findUnique({ where: { id: idAt(i) }, select: DEMOGRAPHICS });
      await writeAudit(tx, {
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
      return patient;
    });

  const baseline = await measure("patient read, no audit row (baseline)", read, load);
  const audited = await measure("patient read + audit row, same transaction", auditedRead, load);
  const baselineAgain = await measure("patient read, no audit row (again)", read, load);
  printTable(`Audit cost (concurrency ${load.concurrency}, ${load.durationMs / 1000} s each)`, [baseline, audited, baselineAgain], baseline);
}
