import type { AuditLogCreateInput } from "@/lib/audit/schema";

export const auditLogCreateExample = {
  eventType: "data_access",
  eventCategory: "patient_view",
  action: "patient.viewed",
  userId: "8f14e45f-ceea-467a-9575-6f1e4b3c2d10",
  username: "admin@example.org",
  userRole: "admin",
  resourceType: "patient",
  resourceId: "3f2b8c1e-6a4d-4e8b-9c2a-1d5e7f9a0b3c",
  patientId: "3f2b8c1e-6a4d-4e8b-9c2a-1d5e7f9a0b3c",
  patientMrn: "MRN-000123",
  dataCategory: "full_chart",
  ipAddress: "192.168.1.1",
  userAgent: "Mozilla/5.0",
  requestMethod: "GET",
  requestPath: "/patients/3f2b8c1e-6a4d-4e8b-9c2a-1d5e7f9a0b3c",
  requestId: "0b6c5d4e-3f2a-4b1c-8d9e-7f6a5b4c3d2e",
  status: "success",
  statusCode: 200,
  durationMs: 42,
  details: { tab: "observations" },
} satisfies AuditLogCreateInput;
