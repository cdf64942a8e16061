import { z } from "zod";
import { MedicationStatusEnum } from "@/lib/shared-schema/enums";
import { prepareQuery, queryParam } from "@/lib/shared-schema/query";

/** Filters of a patient's medication list, from a URL query or JSON. */
export const MedicationListCriteria = z.preprocess(
  prepareQuery,
  z.object({ status: queryParam(MedicationStatusEnum).describe("Only medications with this status") }),
);
export type MedicationListCriteria = z.infer<typeof MedicationListCriteria>;
