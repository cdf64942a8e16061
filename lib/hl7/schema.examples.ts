import type { HL7MessageCreateInput, HL7MessageResponse } from "@/lib/hl7/schema";

export const hl7RawMessageExample = [
  "MSH|^~\\&|EPIC|HOSP|MERIDIAN|MERIDIAN|20240501083000-0500||ADT^A01^ADT_A01|MSG00001|P|2.5.1",
  "PID|1||MRN-000123^^^HOSP^MR||Smith^John^Q||19800101|M",
].join("\r");

export const hl7MessageCreateExample = {
  messageType: "ADT",
  triggerEvent: "A01",
  messageControlId: "MSG00001",
  direction: "inbound",
  sendingApplication: "EPIC",
  sendingFacility: "HOSP",
  receivingApplication: "MERIDIAN",
  receivingFacility: "MERIDIAN",
  messageDatetime: "2024-05-01T08:30:00-05:00",
  hl7Version: "2.5.1",
  rawMessage: hl7RawMessageExample,
  parsedData: { PID: { "3": "MRN-000123", "5": ["Smith", "John", "Q"] } },
  connectionId: "5d1e8a2b-9c3f-4e7a-b6d4-0f2c8e1a3b5d",
} satisfies HL7MessageCreateInput;

export const hl7MessageResponseExample: HL7MessageResponse = {
  id: "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
  messageType: "ADT",
  triggerEvent: "A01",
  messageControlId: "MSG00001",
  direction: "inbound",
  sendingApplication: "EPIC",
  sendingFacility: "HOSP",
  receivingApplication: "MERIDIAN",
  receivingFacility: "MERIDIAN",
  messageDatetime: new Date("2024-05-01T13:30:00.000Z"),
  hl7Version: "2.5.1",
  rawMessage: hl7RawMessageExample,
  parsedData: null,
  status: "acknowledged",
  ackCode: "AA",
  ackMessage: "Message accepted",
  ackAt: new Date("2024-05-01T13:30:01.000Z"),
  errorMessage: null,
  retryCount: 0,
  processedAt: new Date("2024-05-01T13:30:01.000Z"),
  patientId: "3f2b8c1e-6a4d-4e8b-9c2a-1d5e7f9a0b3c",
  connectionId: "5d1e8a2b-9c3f-4e7a-b6d4-0f2c8e1a3b5d",
  createdAt: new Date("2024-05-01T13:30:00.500Z"),
  updatedAt: new Date("2024-05-01T13:30:01.000Z"),
};
