import "server-only";
import { patientIdentity, type PatientIdentity } from "@/lib/audit/filters";
import { assertCan, type AuthContext } from "@/lib/auth/assert";
import type { DisclosureCriteria } from "@/lib/compliance/criteria";
import { inAuditedRead } from "@/lib/db/read-routing";
import { Prisma } from "@/lib/generated/prisma/client";

// Accounting of disclosures (HIPAA §164.528): every access to one patient's PHI by an external system in a period.
// An external system is an API key (its id is the row's user_id) or an HL7 feed (an `hl7.received` row, audited
// under the sender's connection, or any row written with the integration role).

export interface Disclosure {
  id: string;
  at: Date;
  recipient: string;
  recipientKind: "api_key" | "connection";
  action: string;
  dataCategory: string | null;
  status: string;
  purpose: string | null;
}

export interface DisclosureAccounting {
  patient: PatientIdentity;
  disclosures: Disclosure[];
}

/** At most this many rows are listed; an accounting longer than this is rare enough to be read from the CSV. */
export const DISCLOSURE_LIMIT = 5000;

export async function accountingOfDisclosures(ctx: AuthContext, criteria: DisclosureCriteria, use: "viewed" | "exported"): Promise<DisclosureAccounting> {
  await assertCan(ctx, "audit:read");
  return inAuditedRead(ctx.actor, async (run, audit) => {
    const patient = await patientIdentity(run, { mrn: criteria.mrn });
    const { start, end } = criteria.period;
    const rows = await run<Record<string, unknown> & Disclosure>(Prisma.sql`
      SELECT a.id::text AS id, a.timestamp AS at, coalesce(k.name, a.username, a.user_id, '(unknown)') AS recipient,
        CASE WHEN k.id IS NULL THEN 'connection' ELSE 'api_key' END AS "recipientKind",
        a.action, a.data_category AS "dataCategory", a.status,
        coalesce(a.details->>'purpose', a.details->>'messageType') AS purpose
      FROM audit_logs a LEFT JOIN api_keys k ON k.id::text = a.user_id
      WHERE (a.patient_id = ${patient.id}::uuid OR a.patient_mrn = ${criteria.mrn})
        AND a.timestamp >= ${start} AND a.timestamp < ${end}
        AND (k.id IS NOT NULL OR a.action = 'hl7.received' OR a.user_role = 'integration')
      ORDER BY a.timestamp DESC, a.id DESC LIMIT ${DISCLOSURE_LIMIT}`);
    await audit({
      action: use === "viewed" ? "audit.viewed" : "audit.exported",
      actor: ctx.actor,
      request: ctx.request,
      outcome: "success",
      statusCode: 200,
      resourceType: "audit_log",
      patient: patient.id ? { id: patient.id, mrn: criteria.mrn } : undefined,
      details: { report: "disclosures", mrn: criteria.mrn, from: criteria.period.from, to: criteria.period.to, disclosures: rows.length },
    });
    return { patient, disclosures: rows };
  });
}
