import type { HL7DirectionEnum, HL7StatusEnum } from "@/lib/shared-schema/enums";

/** One message in the store's list: what it was, who sent it, how it went, and the patient it was matched to. */
export interface Hl7MessageRow {
  id: string;
  /** When Meridian stored it (the list's order). */
  createdAt: Date;
  /** MSH-7, as the sender stated it. */
  messageDatetime: Date;
  messageType: string;
  triggerEvent: string | null;
  controlId: string | null;
  direction: HL7DirectionEnum;
  sendingApplication: string;
  sendingFacility: string;
  status: HL7StatusEnum;
  ackCode: string | null;
  retryCount: number;
  errorCode: number | null;
  errorLocation: string | null;
  transport: string | null;
  patientId: string | null;
  patientMrn: string | null;
  patientMrnAuthority: string | null;
}

export interface Hl7MessagePage {
  data: Hl7MessageRow[];
  pageSize: number;
  /** How many match: exact up to the counting limit, else the planner's estimate. */
  total: number;
  totalIsEstimate: boolean;
  next: string | null;
  previous: string | null;
}

/** Inbound messages stored in the last hour, by what became of them. */
export interface Hl7LiveCounts {
  received: number;
  processed: number;
  failed: number;
}

/** A record a message created or changed (hl7_message_changes). */
export interface Hl7RecordChange {
  resourceType: string;
  resourceId: string;
  change: string;
  patientId: string;
  patientMrn: string | null;
}

/** Everything the detail view shows of one message. Its raw form is PHI: reading it is audited. */
export interface Hl7MessageDetail extends Hl7MessageRow {
  receivingApplication: string | null;
  receivingFacility: string | null;
  hl7Version: string | null;
  /** Null once retention purged it (rawPurgedAt says when). */
  rawMessage: string | null;
  rawPurgedAt: Date | null;
  errorMessage: string | null;
  ackAt: Date | null;
  processedAt: Date | null;
  updatedAt: Date;
  peerAddress: string | null;
  connection: { id: string; name: string } | null;
  /** The acknowledgement sent for an inbound message (its stored outbound row, or the ACK text kept on the message). */
  ack: { id: string | null; text: string } | null;
  /** For an outbound ACK: the inbound message it answered. */
  inReplyTo: { id: string; controlId: string | null; messageType: string; triggerEvent: string | null } | null;
  changes: Hl7RecordChange[];
}
