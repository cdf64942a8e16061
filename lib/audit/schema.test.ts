import { describe, expect, it } from "vitest";
import {
  AuditActionEnum,
  AuditLogBase,
  AuditLogCreate,
  AuditLogResponse,
  AuditStatusEnum,
  DataCategoryEnum,
} from "@/lib/audit/schema";
import { auditLogCreateExample } from "@/lib/audit/schema.examples";
import { AUDIT_EVENTS, DATA_CATEGORIES } from "@/lib/audit/events";
import { expectIssueAt, expectValid, withChanges } from "@/lib/shared-schema/test-helpers";

const stored = {
  ...auditLogCreateExample,
  id: 9_007_199_254_740_993n,
  timestamp: new Date("2024-05-01T08:30:00.000Z"),
  prevHash: "a".repeat(64),
  hash: "b".repeat(64),
};

describe("enums", () => {
  it("AuditStatusEnum accepts success, failure, denied only", () => {
    expect(AuditStatusEnum.options).toEqual(["success", "failure", "denied"]);
    expect(AuditStatusEnum.safeParse("error").success).toBe(false);
  });
  it("AuditActionEnum lists every typed event", () => {
    expect(AuditActionEnum.options).toEqual(Object.keys(AUDIT_EVENTS));
    expect(AuditActionEnum.safeParse("patient.stolen").success).toBe(false);
  });
  it("DataCategoryEnum lists the ASTM categories", () => {
    expect(DataCategoryEnum.options).toEqual([...DATA_CATEGORIES]);
    expect(DataCategoryEnum.safeParse("everything").success).toBe(false);
  });
});

describe("AuditLogBase", () => {
  it("parses an event", () => {
    expect(expectValid(AuditLogBase, auditLogCreateExample)).toEqual(auditLogCreateExample);
  });
  it("requires eventType, action and status", () => {
    for (const field of ["eventType", "action", "status"]) {
      expectIssueAt(AuditLogBase, withChanges(auditLogCreateExample, { [field]: undefined }), field);
    }
  });
});

describe("AuditLogCreate", () => {
  it("accepts a minimal denied event without a user (failed login)", () => {
    const event = { eventType: "authentication", action: "auth.login_failed", status: "denied", ipAddress: "::1" };
    expect(expectValid(AuditLogCreate, event)).toEqual(event);
  });

  it("truncates overlong client metadata instead of failing the audit write", () => {
    const event = expectValid(AuditLogCreate, {
      ...auditLogCreateExample,
      userAgent: "x".repeat(600),
      requestPath: `/${"p".repeat(2000)}`,
    });
    expect(event.userAgent).toHaveLength(512);
    expect(event.requestPath).toHaveLength(1024);
  });

  it("uppercases the request method", () => {
    expect(expectValid(AuditLogCreate, { ...auditLogCreateExample, requestMethod: "post" }).requestMethod).toBe("POST");
  });

  it("requires eventType and eventCategory to be the action's", () => {
    expectIssueAt(AuditLogCreate, { ...auditLogCreateExample, eventType: "authentication" }, "eventType");
    expectIssueAt(AuditLogCreate, { ...auditLogCreateExample, eventCategory: "patient_search" }, "eventCategory");
  });

  it.each([
    ["status", "ok"],
    ["action", "view_patient_record"],
    ["eventType", "Data Access"],
    ["eventType", "data.access"],
    ["eventCategory", "Patient View"],
    ["userRole", "superuser"],
    ["patientId", "MRN-000123"],
    ["patientMrn", "MRN 123"],
    ["dataCategory", "labs"],
    ["ipAddress", "999.1.1.1"],
    ["ipAddress", "localhost"],
    ["statusCode", 99],
    ["statusCode", 600],
    ["durationMs", -1],
    ["durationMs", 1.5],
    ["requestMethod", "G3T"],
    ["requestId", "x".repeat(65)],
    ["details", "text"],
  ])("rejects %s = %j", (field, value) => {
    expectIssueAt(AuditLogCreate, { ...auditLogCreateExample, [field]: value }, field);
  });
});

describe("AuditLogResponse", () => {
  it("returns the BigInt id as an exact decimal string and the chain hashes", () => {
    const event = expectValid(AuditLogResponse, stored);
    expect(event.id).toBe("9007199254740993");
    expect(event.timestamp).toEqual(new Date("2024-05-01T08:30:00Z"));
    expect(event.hash).toBe("b".repeat(64));
    expect(expectValid(AuditLogResponse, { ...stored, id: 12 }).id).toBe("12");
  });

  it("reads rows whose action was renamed since", () => {
    expect(expectValid(AuditLogResponse, { ...stored, action: "view_patient_record" }).action).toBe("view_patient_record");
  });

  it("requires every column, a numeric id and a Date timestamp", () => {
    const row = Object.fromEntries(Object.keys(stored).map((key) => [key, null]));
    const complete = { ...row, ...stored };
    expectValid(AuditLogResponse, complete);
    expectIssueAt(AuditLogResponse, withChanges(complete, { username: undefined }), "username");
    expectIssueAt(AuditLogResponse, withChanges(complete, { hash: undefined }), "hash");
    expectIssueAt(AuditLogResponse, { ...complete, id: "abc" }, "id");
    expectIssueAt(AuditLogResponse, { ...complete, timestamp: "2024-05-01T08:30:00Z" }, "timestamp");
  });
});
