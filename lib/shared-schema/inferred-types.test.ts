import { describe, expectTypeOf, it } from "vitest";
import type { AuditOutcome } from "@/lib/audit/events";
import type { AuditLogResponse, AuditStatusEnum } from "@/lib/audit/schema";
import type { EMRConnectionResponse } from "@/lib/connections/schema";
import type { ObservationSearchCriteria } from "@/lib/observations/schema";
import type {
  PatientCreate,
  PatientCreateInput,
  PatientResponse,
  PatientSearchCriteria,
  PatientUpdate,
} from "@/lib/patients/schema";
import type { SystemStatistics } from "@/lib/stats/schema";

// Checked by tsc (npm run typecheck); the runtime assertions are no-ops.
describe("inferred types", () => {
  it("inputs take strings and blanks, outputs are Dates and nulls", () => {
    expectTypeOf<PatientCreateInput["birthDate"]>().toEqualTypeOf<string>();
    expectTypeOf<PatientCreate["birthDate"]>().toEqualTypeOf<Date>();
    expectTypeOf<PatientCreate["middleName"]>().toEqualTypeOf<string | null | undefined>();
    expectTypeOf<PatientUpdate["mrn"]>().toEqualTypeOf<string | undefined>();
  });

  it("responses have every column, nullable ones as null", () => {
    expectTypeOf<PatientResponse["middleName"]>().toEqualTypeOf<string | null>();
    expectTypeOf<PatientResponse["gender"]>().toEqualTypeOf<"male" | "female" | "other" | "unknown">();
    expectTypeOf<EMRConnectionResponse["totalRequests"]>().toEqualTypeOf<number>();
    expectTypeOf<AuditLogResponse["id"]>().toEqualTypeOf<string>();
    expectTypeOf<AuditStatusEnum>().toEqualTypeOf<AuditOutcome>();
    expectTypeOf<SystemStatistics["hl7Messages"]["byStatus"]["error"]>().toEqualTypeOf<number>();
  });

  it("responses have no secrets", () => {
    expectTypeOf<PatientResponse>().not.toHaveProperty("ssn");
    expectTypeOf<PatientResponse>().not.toHaveProperty("ssnEncrypted");
    expectTypeOf<EMRConnectionResponse>().not.toHaveProperty("credentials");
    expectTypeOf<EMRConnectionResponse>().not.toHaveProperty("credentialsEncrypted");
  });

  it("search criteria come out with defaults applied", () => {
    expectTypeOf<PatientSearchCriteria["page"]>().toEqualTypeOf<number>();
    expectTypeOf<PatientSearchCriteria["dir"]>().toEqualTypeOf<"asc" | "desc">();
    expectTypeOf<PatientSearchCriteria["sort"]>().toEqualTypeOf<"name" | "mrn" | "birthDate" | "updatedAt" | undefined>();
    expectTypeOf<ObservationSearchCriteria["from"]>().toEqualTypeOf<Date | undefined>();
    expectTypeOf<ObservationSearchCriteria["abnormalOnly"]>().toEqualTypeOf<boolean>();
  });
});
