import "server-only";
import type { Tx } from "@/lib/db/transaction";
import type { ObservationType } from "@/lib/generated/prisma/enums";
import { observationResponseSelect, toObservationResponse } from "@/lib/observations/dto";
import type { ObservationResponse, ObservationSearchCriteria } from "@/lib/observations/schema";

/** A patient's observations, newest first: all of them, one category, or the latest `limit`. */
export async function loadObservations(
  tx: Tx,
  patientId: string,
  options: { category?: ObservationType; limit?: number } = {},
): Promise<ObservationResponse[]> {
  const rows = await tx.observation.findMany({
    where: { patientId, observationType: options.category },
    orderBy: [{ effectiveDatetime: "desc" }, { id: "asc" }],
    take: options.limit,
    select: observationResponseSelect,
  });
  return rows.map(toObservationResponse);
}

/** The filters other than category and paging, applied to a (cached) category list. */
export function matchesObservationFilters(observation: ObservationResponse, criteria: ObservationSearchCriteria): boolean {
  if (criteria.code !== undefined && observation.code !== criteria.code) return false;
  if (criteria.from !== undefined && observation.effectiveDatetime < criteria.from) return false;
  if (criteria.to !== undefined && observation.effectiveDatetime > criteria.to) return false;
  if (criteria.status !== undefined && observation.status !== criteria.status) return false;
  if (criteria.abnormalOnly && !isAbnormal(observation)) return false;
  return true;
}

/** HL7 abnormal flags: anything but empty or N (normal) marks the result abnormal. */
function isAbnormal(observation: ObservationResponse): boolean {
  const flag = observation.abnormalFlag?.trim().toUpperCase();
  return flag !== undefined && flag !== "" && flag !== "N";
}
