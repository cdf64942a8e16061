import type { Prisma } from "@/lib/generated/prisma/client";
import type { ObservationResponse } from "@/lib/observations/schema";

export const observationResponseSelect = {
  id: true,
  patientId: true,
  observationType: true,
  code: true,
  codeSystem: true,
  codeDisplay: true,
  valueQuantity: true,
  valueString: true,
  valueBoolean: true,
  valueCode: true,
  unit: true,
  referenceRangeLow: true,
  referenceRangeHigh: true,
  referenceRangeText: true,
  interpretation: true,
  abnormalFlag: true,
  status: true,
  effectiveDatetime: true,
  issuedDatetime: true,
  performer: true,
  note: true,
  sourceEmr: true,
  sourceObservationId: true,
  createdAt: true,
  updatedAt: true,
} as const satisfies Prisma.ObservationSelect;

export type ObservationRow = Prisma.ObservationGetPayload<{ select: typeof observationResponseSelect }>;

export function toObservationResponse(row: ObservationRow): ObservationResponse {
  return { ...row };
}
