import type { Role } from "@/lib/generated/prisma/enums";

/** Every permission, once, with what it allows. Pages, actions and route handlers check these themselves. */
export const PERMISSIONS = {
  "patients:read": "Search patients and read charts (demographics and clinical records)",
  "patients:write": "Register patients, edit demographics, allergies and medication status",
  "patients:read_demographics": "Read patient demographics for an investigation (no clinical records)",
  "patients:reveal_ssn": "Reveal a patient's full SSN, with a reason (audited)",
  "patients:break_glass": "Open a restricted chart in an emergency, with a reason (time-limited, flagged for review)",
  "patients:restrict": "Restrict or unrestrict a patient's chart (confidential or VIP record), with a reason (audited)",
  "hl7:ingest": "Send HL7 v2 messages to Meridian",
  "hl7:read": "Read the HL7 message feed and message details",
  "hl7:manage": "Reprocess or discard HL7 messages",
  "connections:read": "See EMR connections and their statistics",
  "connections:manage": "Create, change, test and disable EMR connections",
  "dashboards:read": "See the operations dashboards: database pool, cache, connections, HL7 feed and record counts",
  "users:manage": "Create users, change roles, deactivate, reset passwords, revoke sessions",
  "api_keys:manage": "Create and revoke API keys",
  "audit:read": "Review the audit trail and its reports",
  "audit:export": "Export the audit trail as CSV",
  "audit:verify": "Verify the audit trail's hash chain",
  "emergency_access:review": "Mark an emergency (\"break the glass\") access as reviewed, with a note",
  "alerts:read": "See security alerts and the audit events that raised them",
  "alerts:manage": "Acknowledge, assign and resolve security alerts (resolving takes a note)",
  "alerts:configure": "Turn detection rules on or off and set their thresholds, severity and notification routing",
} as const;

export type Permission = keyof typeof PERMISSIONS;

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: [
    "hl7:read",
    "hl7:manage",
    "connections:read",
    "connections:manage",
    "dashboards:read",
    "users:manage",
    "api_keys:manage",
    "alerts:read",
    "alerts:manage",
    "alerts:configure",
  ],
  clinician: ["patients:read", "patients:write", "patients:reveal_ssn", "patients:break_glass", "hl7:read"],
  // The privacy officer decides which charts are confidential; clinicians, even through break the glass, cannot.
  compliance: [
    "patients:read_demographics",
    "patients:restrict",
    "audit:read",
    "audit:export",
    "audit:verify",
    "emergency_access:review",
    "alerts:read",
    "alerts:manage",
    // Read-only operations view: which systems send and receive data, and how healthy the hub is.
    "connections:read",
    "dashboards:read",
  ],
  // A source system's key writes what it reads: patients and their clinical records, idempotent on its own ids.
  integration: ["hl7:ingest", "patients:read", "patients:write", "hl7:read"],
};

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  admin: "Runs users, EMR connections, the HL7 feed and dashboards",
  clinician: "Reads and updates clinical records",
  compliance: "Reviews the audit trail and reports; reads demographics for investigations; decides which charts are restricted",
  integration: "API keys only: HL7 ingest, API reads and writes of patients and their clinical records",
};

export function can(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

export function permissionsOf(role: Role): readonly Permission[] {
  return ROLE_PERMISSIONS[role];
}
