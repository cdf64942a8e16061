import { z } from "zod";
import { isoDateTime, requireOrder } from "@/lib/shared-schema/dates";
import { ObservationStatusEnum, ObservationTypeEnum } from "@/lib/shared-schema/enums";
import {
  CodeSystemUri,
  nullableField,
  optionalLongText,
  optionalText,
  Quantity,
  requiredText,
  Uuid,
} from "@/lib/shared-schema/fields";
import { requireSourceSystem } from "@/lib/shared-schema/source";

export { ObservationSearchCriteria } from "@/lib/observations/search-schema";

const NO_VALUE_NEEDED: ReadonlySet<ObservationStatusEnum> = new Set(["cancelled", "entered_in_error"]);

/**
 * The fields a client writes. The patient is never one of them: it is the chart (URL) the record is written to.
 * Strict: an unknown field is refused rather than silently dropped.
 */
export const ObservationBase = z.strictObject({
  observationType: ObservationTypeEnum,
  code: requiredText(64).describe("Observation code, LOINC by default (e.g. 8867-4 heart rate)"),
  codeSystem: CodeSystemUri.optional().describe("Code system URI; http://loinc.org when not given"),
  codeDisplay: optionalText(255).describe("Human-readable name of the code"),
  valueQuantity: nullableField(Quantity).describe("Numeric result"),
  valueString: optionalLongText(10_000).describe("Text result"),
  valueBoolean: nullableField(z.boolean()).describe("Yes/no result"),
  valueCode: optionalText(64).describe("Coded result"),
  unit: optionalText(64).describe("Unit of valueQuantity (UCUM), e.g. mmol/L"),
  referenceRangeLow: nullableField(Quantity).describe("Lower limit of the normal range"),
  referenceRangeHigh: nullableField(Quantity).describe("Upper limit of the normal range"),
  referenceRangeText: optionalText(255).describe("Reference range as text, e.g. <200 mg/dL"),
  interpretation: optionalText(64).describe("Interpretation, e.g. normal, high"),
  abnormalFlag: optionalText(8).describe("HL7 abnormal flag (L, H, LL, HH, A, N …)"),
  status: ObservationStatusEnum.optional().describe("Status; final when not given"),
  effectiveDatetime: isoDateTime().describe("When the observation applies, ISO 8601 with time zone"),
  issuedDatetime: nullableField(isoDateTime()).describe("When the result was issued"),
  performer: optionalText(255).describe("Who performed the observation"),
  note: optionalLongText(10_000).describe("Comments"),
  sourceEmr: optionalText(64).describe("EMR the record came from"),
  sourceObservationId: optionalText(128).describe(
    "Observation id in the source EMR; with sourceEmr, the record's identity: a resend updates it instead of adding one",
  ),
});
export type ObservationBase = z.infer<typeof ObservationBase>;

type ValueField = "valueQuantity" | "valueString" | "valueBoolean" | "valueCode";
type ObservationRules = Partial<
  Pick<ObservationBase, "status" | ValueField | "referenceRangeLow" | "referenceRangeHigh">
>;

function checkReferenceRange(value: ObservationRules, ctx: z.RefinementCtx): void {
  requireOrder(
    ctx,
    value.referenceRangeLow,
    value.referenceRangeHigh,
    ["referenceRangeHigh"],
    "Reference range high must be greater than or equal to low",
  );
}

/** A result needs a value (any value[x]) unless it was cancelled or entered in error. */
function checkValuePresent(value: ObservationRules, ctx: z.RefinementCtx): void {
  if (value.status && NO_VALUE_NEEDED.has(value.status)) return;
  const values = [value.valueQuantity, value.valueString, value.valueBoolean, value.valueCode];
  if (values.every((v) => v === null || v === undefined)) {
    ctx.addIssue({
      code: "custom",
      path: ["valueQuantity"],
      message:
        "A value is required (valueQuantity, valueString, valueBoolean or valueCode) " +
        "unless the status is cancelled or entered_in_error",
    });
  }
}

export const ObservationCreate = ObservationBase.superRefine((value, ctx) => {
  checkValuePresent(value, ctx);
  checkReferenceRange(value, ctx);
  requireSourceSystem(ctx, value, value.sourceObservationId);
});
export type ObservationCreate = z.infer<typeof ObservationCreate>;
export type ObservationCreateInput = z.input<typeof ObservationCreate>;

/**
 * A correction (status amended/corrected, new value …); the source identity cannot change. Only fields present in
 * the update are cross-checked, so the service validates the merged record with ObservationCreate.
 */
export const ObservationUpdate = ObservationBase.omit({ sourceEmr: true, sourceObservationId: true })
  .partial()
  .superRefine(checkReferenceRange);
export type ObservationUpdate = z.infer<typeof ObservationUpdate>;
export type ObservationUpdateInput = z.input<typeof ObservationUpdate>;

export const ObservationResponse = ObservationBase.extend({
  id: Uuid,
  patientId: Uuid.describe("Patient the observation belongs to"),
  codeSystem: CodeSystemUri,
  status: ObservationStatusEnum,
  effectiveDatetime: z.date(),
  issuedDatetime: z.date().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
})
  .required()
  .strip();
export type ObservationResponse = z.infer<typeof ObservationResponse>;
