import { z } from "zod";
import { HL7MessageResponse } from "@/lib/hl7/schema";

/**
 * An HL7 message in a patient's chart: what it was and how it went, without the raw message or parsed segments
 * (opening the message itself is the HL7 feed's audited read).
 */
export const PatientMessageSummary = HL7MessageResponse.pick({
  id: true,
  messageType: true,
  triggerEvent: true,
  messageControlId: true,
  direction: true,
  sendingApplication: true,
  sendingFacility: true,
  messageDatetime: true,
  status: true,
  ackCode: true,
  processedAt: true,
  createdAt: true,
});
export type PatientMessageSummary = z.infer<typeof PatientMessageSummary>;
