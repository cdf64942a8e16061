import type { Prisma } from "@/lib/generated/prisma/client";
import type { Role } from "@/lib/generated/prisma/enums";

// What the audit review functions return: plain DTOs, safe to pass to client components.

/** One audit event as the log and the reports list it. */
export interface AuditEventRow {
  id: string;
  timestamp: Date;
  eventType: string;
  eventCategory: string | null;
  action: string;
  userId: string | null;
  username: string | null;
  userRole: string | null;
  resourceType: string | null;
  resourceId: string | null;
  patientId: string | null;
  patientMrn: string | null;
  dataCategory: string | null;
  ipAddress: string | null;
  userAgent: string | null;
  requestMethod: string | null;
  requestPath: string | null;
  requestId: string | null;
  status: string;
  statusCode: number | null;
  durationMs: number | null;
  /** Emergency ("break the glass") access: flagged for review, with the reason the user gave. */
  emergencyAccess: boolean;
  emergencyReason: string | null;
}

/** One event with everything stored: details and its links in the hash chain. */
export interface AuditEventDetail extends AuditEventRow {
  /** The client's own X-Request-Id, kept apart from the server's request id. */
  correlationId: string | null;
  details: Prisma.JsonValue | null;
  prevHash: string | null;
  hash: string;
}

/** One keyset page of events (lib/audit/paging.ts). */
export interface AuditEventPage {
  data: AuditEventRow[];
  pageSize: number;
  /** How many events match in all; above 10,000 the planner's estimate. */
  total: number;
  totalIsEstimate: boolean;
  /** Set when the sort orders only the newest this-many matching events (a column without an index). */
  sortWindow: number | null;
  /** Cursor of the next page (`after`), null on the last one. */
  next: string | null;
  /** Cursor of the previous page (`before`), null on the first one. */
  previous: string | null;
}

/** The latest run of "verify chain", as recorded in the trail itself. */
export interface LatestVerification {
  auditId: string;
  verifiedAt: Date;
  verifiedBy: string | null;
  ok: boolean;
  rowsChecked: number;
  brokenAtId: string | null;
}

export interface AuditLogOverview {
  events: AuditEventPage;
  latestVerification: LatestVerification | null;
}

/** Counts of one user's (or one patient's) events in a report. */
export interface AccessTally {
  events: number;
  firstAccess: Date;
  lastAccess: Date;
  dataCategories: string[];
  emergencyAccesses: number;
  deniedAttempts: number;
}

export interface PatientAccessByUser extends AccessTally {
  userId: string | null;
  username: string | null;
  userRole: string | null;
}

export interface PatientAccessReport {
  patient: { id: string | null; mrn: string | null };
  users: PatientAccessByUser[];
  events: AuditEventPage;
}

export interface UserAccessByPatient extends AccessTally {
  patientId: string | null;
  patientMrn: string | null;
}

export interface ReportSubject {
  id: string;
  kind: "user" | "api_key" | "unknown";
  name: string | null;
  email: string | null;
  role: string | null;
}

export interface UserAccessReport {
  subject: ReportSubject;
  patients: UserAccessByPatient[];
  events: AuditEventPage;
}

export interface AuditUserMatch {
  id: string;
  name: string;
  email: string;
  role: Role;
  active: boolean;
}
