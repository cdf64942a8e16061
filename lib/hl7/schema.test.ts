import { describe, expect, it } from "vitest";
import { HL7AckCodeEnum, HL7MessageBase, HL7MessageCreate, HL7MessageResponse } from "@/lib/hl7/schema";
import {
  hl7MessageCreateExample,
  hl7MessageResponseExample,
  hl7RawMessageExample,
} from "@/lib/hl7/schema.examples";
import { expectIssueAt, expectValid, withChanges } from "@/lib/shared-schema/test-helpers";

describe("HL7AckCodeEnum", () => {
  it("accepts original and enhanced mode codes", () => {
    expect(HL7AckCodeEnum.options).toEqual(["AA", "AE", "AR", "CA", "CE", "CR"]);
    expect(HL7AckCodeEnum.safeParse("OK").success).toBe(false);
  });
});

describe("HL7MessageBase", () => {
  it("parses header fields, uppercases codes and keeps the raw message verbatim", () => {
    const message = expectValid(HL7MessageBase, { ...hl7MessageCreateExample, messageType: "adt", triggerEvent: "a01" });
    expect(message).toMatchObject({ messageType: "ADT", triggerEvent: "A01", rawMessage: hl7RawMessageExample });
    expect(message.messageDatetime).toEqual(new Date("2024-05-01T13:30:00Z"));
  });
  it("requires the message type, control id, direction, datetime and raw message", () => {
    for (const field of ["messageType", "messageControlId", "direction", "messageDatetime", "rawMessage"]) {
      expectIssueAt(HL7MessageBase, withChanges(hl7MessageCreateExample, { [field]: undefined }), field);
    }
  });
});

describe("HL7MessageCreate", () => {
  it("accepts a message, with or without status and optional headers", () => {
    expectValid(HL7MessageCreate, hl7MessageCreateExample);
    expectValid(HL7MessageCreate, { ...hl7MessageCreateExample, status: "sent", direction: "outbound" });
    const minimal = {
      messageType: "ACK",
      messageControlId: "1",
      direction: "outbound",
      messageDatetime: "2024-05-01T08:30:00Z",
      rawMessage: "MSH|^~\\&|MERIDIAN||||20240501083000||ACK|1|P|2.5.1\rMSA|AA|MSG00001",
    };
    expect(expectValid(HL7MessageCreate, minimal)).toMatchObject({ messageType: "ACK" });
  });

  it.each([
    ["rawMessage", "PID|1||123"],
    ["rawMessage", " MSH|^~\\&|"],
    ["rawMessage", ""],
    ["messageControlId", "   "],
    ["messageControlId", "x".repeat(200)],
    ["messageType", "ADT^A01"],
    ["triggerEvent", "A1"],
    ["direction", "incoming"],
    ["status", "failed"],
    ["hl7Version", "v2"],
    ["messageDatetime", "20240501083000"],
    ["patientId", "MRN-000123"],
    ["connectionId", "epic-prod"],
    ["parsedData", "PID|1"],
    ["sendingFacility", "x".repeat(256)],
  ])("rejects %s = %j", (field, value) => {
    expectIssueAt(HL7MessageCreate, { ...hl7MessageCreateExample, [field]: value }, field);
  });
});

describe("HL7MessageResponse", () => {
  it("parses a stored message", () => {
    expect(expectValid(HL7MessageResponse, hl7MessageResponseExample)).toEqual(hl7MessageResponseExample);
  });
  it("requires ids, Dates, status fields and every column", () => {
    expectIssueAt(HL7MessageResponse, { ...hl7MessageResponseExample, id: "MSG00001" }, "id");
    expectIssueAt(HL7MessageResponse, { ...hl7MessageResponseExample, ackCode: "OK" }, "ackCode");
    expectIssueAt(HL7MessageResponse, { ...hl7MessageResponseExample, retryCount: -1 }, "retryCount");
    expectIssueAt(HL7MessageResponse, { ...hl7MessageResponseExample, ackAt: "2024-05-01" }, "ackAt");
    expectIssueAt(HL7MessageResponse, withChanges(hl7MessageResponseExample, { errorMessage: undefined }), "errorMessage");
  });
});
