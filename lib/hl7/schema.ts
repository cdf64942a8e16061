import { z } from "zod";
import { isoDateTime } from "@/lib/shared-schema/dates";
import { HL7DirectionEnum, HL7StatusEnum } from "@/lib/shared-schema/enums";
import { JsonObject, nullableField, optionalText, requiredText, singleLine, Uuid } from "@/lib/shared-schema/fields";

/** 5 MB of text: an ORU with an embedded PDF report fits, a runaway sender does not. */
const RAW_MESSAGE_MAX = 5_000_000;

export const HL7AckCodeEnum = z.enum(["AA", "AE", "AR", "CA", "CE", "CR"]).describe("MSA-1 acknowledgment code");
export type HL7AckCodeEnum = z.infer<typeof HL7AckCodeEnum>;

const hl7Code = (pattern: RegExp, message: string) => z.string().trim().toUpperCase().regex(pattern, message);

export const HL7MessageBase = z.object({
  messageType: hl7Code(/^[A-Z0-9]{3}$/, "Message type is 3 characters, e.g. ADT").describe("MSH-9.1, e.g. ADT, ORU"),
  triggerEvent: nullableField(hl7Code(/^[A-Z0-9]{3}$/, "Trigger event is 3 characters, e.g. A01")).describe(
    "MSH-9.2, e.g. A01, R01",
  ),
  messageControlId: requiredText(199).describe("MSH-10 message control id, unique per sending facility"),
  direction: HL7DirectionEnum,
  sendingApplication: optionalText(255).describe("MSH-3"),
  sendingFacility: singleLine(255).optional().describe("MSH-4; empty when the sender leaves it out"),
  receivingApplication: optionalText(255).describe("MSH-5"),
  receivingFacility: optionalText(255).describe("MSH-6"),
  messageDatetime: isoDateTime().describe("MSH-7 as ISO 8601 with time zone"),
  hl7Version: nullableField(hl7Code(/^\d+(?:\.\d+){1,2}$/, "HL7 version such as 2.5.1")).describe("MSH-12, e.g. 2.5.1"),
  rawMessage: z
    .string()
    .min(1, "Required")
    .max(RAW_MESSAGE_MAX, "Message too large")
    .refine((value) => value.startsWith("MSH"), "An HL7 v2 message starts with the MSH segment")
    .describe("The message exactly as received or sent, segments separated by carriage returns"),
  parsedData: nullableField(JsonObject).describe("Parsed segments and fields"),
  patientId: nullableField(Uuid).describe("Patient the message was matched to"),
  connectionId: nullableField(Uuid).describe("EMR connection (id) it came from or went to"),
});
export type HL7MessageBase = z.infer<typeof HL7MessageBase>;

export const HL7MessageCreate = HL7MessageBase.extend({
  status: HL7StatusEnum.optional().describe("Initial status; received when not given"),
});
export type HL7MessageCreate = z.infer<typeof HL7MessageCreate>;
export type HL7MessageCreateInput = z.input<typeof HL7MessageCreate>;

export const HL7MessageResponse = HL7MessageBase.extend({
  id: Uuid,
  messageControlId: z.string().nullable().describe("MSH-10; null when the input had none (not HL7, or MSH-10 empty)"),
  sendingApplication: z.string(),
  sendingFacility: z.string(),
  messageDatetime: z.date(),
  status: HL7StatusEnum,
  ackCode: HL7AckCodeEnum.nullable(),
  ackMessage: z.string().nullable().describe("Text of the acknowledgment"),
  ackAt: z.date().nullable(),
  errorMessage: z.string().nullable().describe("Why processing failed"),
  retryCount: z.number().int().nonnegative(),
  processedAt: z.date().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
}).required();
export type HL7MessageResponse = z.infer<typeof HL7MessageResponse>;
