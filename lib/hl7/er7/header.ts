import { Hl7Error } from "@/lib/hl7/er7/errors";
import { valueAt, type Hl7Message } from "@/lib/hl7/er7/message";

/** What MSH says about a message: who sent it to whom, what it is, and how it wants to be acknowledged. */
export interface Hl7Header {
  sendingApplication: string;
  sendingFacility: string;
  receivingApplication: string;
  receivingFacility: string;
  /** MSH-7 as sent (an HL7 DTM). */
  dateTime: string;
  messageType: string;
  triggerEvent: string;
  messageStructure: string;
  controlId: string;
  processingId: string;
  version: string;
  /** MSH-15 and MSH-16: present only in enhanced acknowledgement mode. */
  acceptAckType: string;
  applicationAckType: string;
  /** MSH-18, first repetition. */
  characterSet: string;
}

export function readHeader(message: Hl7Message): Hl7Header {
  const msh = message.header;
  return {
    sendingApplication: valueAt(msh, 3),
    sendingFacility: valueAt(msh, 4),
    receivingApplication: valueAt(msh, 5),
    receivingFacility: valueAt(msh, 6),
    dateTime: valueAt(msh, 7),
    messageType: valueAt(msh, 9, 1),
    triggerEvent: valueAt(msh, 9, 2),
    messageStructure: valueAt(msh, 9, 3),
    controlId: valueAt(msh, 10),
    processingId: valueAt(msh, 11),
    version: valueAt(msh, 12),
    acceptAckType: valueAt(msh, 15),
    applicationAckType: valueAt(msh, 16),
    characterSet: valueAt(msh, 18),
  };
}

/** The header fields every message must carry for Meridian to answer it at all: type (MSH-9) and control id (MSH-10). */
export function requireHeaderFields(header: Hl7Header): void {
  if (!header.messageType) throw new Hl7Error(101, "MSH-9 (message type) is required", { location: { segment: "MSH", sequence: 1, field: 9, component: 1 }, reject: true });
  if (!header.controlId) throw new Hl7Error(101, "MSH-10 (message control id) is required", { location: { segment: "MSH", sequence: 1, field: 10 }, reject: true });
  if (!header.version) throw new Hl7Error(101, "MSH-12 (version id) is required", { location: { segment: "MSH", sequence: 1, field: 12 }, reject: true });
}
