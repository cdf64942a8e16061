import "server-only";
import type { Tx } from "@/lib/db/transaction";
import type { Prisma } from "@/lib/generated/prisma/client";
import { observationResponseSelect, toObservationResponse } from "@/lib/observations/dto";
import type { ObservationResponse, ObservationSearchCriteria } from "@/lib/observations/schema";
import type { Page } from "@/lib/patients/page";

/** HL7 abnormal flags: anything but empty or N (normal) marks the result abnormal. */
const NORMAL_FLAGS = ["", "N", "n"];

/** The filters of an observation search as a Prisma condition on one patient's results. */
function observationWhere(patientId: string, criteria: ObservationSearchCriteria): Prisma.ObservationWhereInput {
  return {
    patientId,
    observationType: criteria.category,
    code: criteria.code,
    status: criteria.status,
    effectiveDatetime: { gte: criteria.from, lte: criteria.to },
    ...(criteria.abnormalOnly ? { AND: [{ abnormalFlag: { not: null } }, { abnormalFlag: { notIn: NORMAL_FLAGS } }] } : {}),
  };
}

/**
 * One page of a patient's observations, newest first, filtered and paged by PostgreSQL (no per-patient list is held
 * in memory or in the cache, however many results a feed sends).
 */
export async function loadObservationPage(tx: Tx, patientId: string, criteria: ObservationSearchCriteria): Promise<Page<ObservationResponse>> {
  const where = observationWhere(patientId, criteria);
  const rows = await tx.observation.findMany({
    where,
    orderBy: [{ effectiveDatetime: "desc" }, { id: "asc" }],
    skip: (criteria.page - 1) * criteria.pageSize,
    take: criteria.pageSize,
    select: observationResponseSelect,
  });
  const total = await tx.observation.count({ where });
  return { data: rows.map(toObservationResponse), page: criteria.page, pageSize: criteria.pageSize, total, totalIsEstimate: false };
}
