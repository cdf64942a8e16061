import { z } from "zod";
import { requireOrder } from "@/lib/shared-schema/dates";
import { ObservationStatusEnum, ObservationTypeEnum } from "@/lib/shared-schema/enums";
import { singleLine, Uuid } from "@/lib/shared-schema/fields";
import { paginationShape, prepareQuery, queryBoolean, queryInstant, queryParam } from "@/lib/shared-schema/query";

/**
 * Observation filters from a URL query or JSON. from/to take a date (whole day, UTC) or an ISO date-time;
 * results are newest first.
 */
export const ObservationSearchCriteria = z.preprocess(
  prepareQuery,
  z
    .object({
      patientId: queryParam(Uuid).describe("Only this patient's observations"),
      code: queryParam(singleLine(64)).describe("Observation code, e.g. LOINC 8867-4"),
      category: queryParam(ObservationTypeEnum).describe("Observation type"),
      from: queryInstant("start").describe("Effective on or after (YYYY-MM-DD or ISO date-time)"),
      to: queryInstant("end").describe("Effective on or before (YYYY-MM-DD includes the whole day)"),
      status: queryParam(ObservationStatusEnum),
      abnormalOnly: queryBoolean().describe("Only results flagged abnormal"),
      ...paginationShape,
    })
    .superRefine((value, ctx) => requireOrder(ctx, value.from, value.to, ["to"], "to must not be before from")),
);
export type ObservationSearchCriteria = z.infer<typeof ObservationSearchCriteria>;
