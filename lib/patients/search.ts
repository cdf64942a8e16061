import "server-only";
import type { Tx } from "@/lib/db/transaction";
import type { PatientSearchCriteria } from "@/lib/patients/search-schema";
import { runPatientSearch, type PatientIdPage } from "@/lib/patients/search-sql";

export type { PatientIdPage } from "@/lib/patients/search-sql";

/** The ids of one page of matches, in order, and how many match in all (statements in search-sql.ts). */
export function searchPatientIds(tx: Tx, criteria: PatientSearchCriteria): Promise<PatientIdPage> {
  return runPatientSearch((statement) => tx.$queryRaw(statement), criteria);
}
