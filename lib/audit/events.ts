/** Every audited event, with the specification's event type and category. Names are `<resource>.<past tense>`. */
export const AUDIT_EVENTS = {
  "patient.searched": { eventType: "data_access", eventCategory: "patient_search" },
  "patient.viewed": { eventType: "data_access", eventCategory: "patient_view" },
  /** A list of patients other than a search result, e.g. a clinician's recently opened charts on the home page. */
  "patient.listed": { eventType: "data_access", eventCategory: "patient_search" },
  "patient.records_listed": { eventType: "data_access", eventCategory: "patient_view" },
  "patient.ssn_revealed": { eventType: "data_access", eventCategory: "patient_view" },
  "patient.exported": { eventType: "data_access", eventCategory: "patient_export" },
  "patient.emergency_access": { eventType: "data_access", eventCategory: "emergency_access" },
  "patient.created": { eventType: "data_modification", eventCategory: "patient_create" },
  "patient.updated": { eventType: "data_modification", eventCategory: "patient_update" },
  "patient.restriction_changed": { eventType: "data_modification", eventCategory: "patient_update" },
  "allergy.created": { eventType: "data_modification", eventCategory: "patient_update" },
  "allergy.updated": { eventType: "data_modification", eventCategory: "patient_update" },
  "medication.created": { eventType: "data_modification", eventCategory: "patient_update" },
  "medication.updated": { eventType: "data_modification", eventCategory: "patient_update" },
  "observation.created": { eventType: "data_modification", eventCategory: "patient_update" },
  "observation.updated": { eventType: "data_modification", eventCategory: "patient_update" },
  "hl7.received": { eventType: "data_modification", eventCategory: "hl7" },
  "hl7.viewed": { eventType: "data_access", eventCategory: "hl7" },
  "hl7.reprocessed": { eventType: "data_modification", eventCategory: "hl7" },
  "auth.login_succeeded": { eventType: "authentication", eventCategory: "login" },
  "auth.login_failed": { eventType: "authentication", eventCategory: "login" },
  "auth.locked_out": { eventType: "authentication", eventCategory: "login" },
  "auth.rate_limited": { eventType: "authentication", eventCategory: "login" },
  "auth.logout": { eventType: "authentication", eventCategory: "logout" },
  "auth.session_expired": { eventType: "authentication", eventCategory: "session" },
  "auth.session_revoked": { eventType: "authentication", eventCategory: "session" },
  "auth.api_key_rejected": { eventType: "authentication", eventCategory: "api_key" },
  "access.denied": { eventType: "authorization", eventCategory: "permission_denied" },
  "user.created": { eventType: "administration", eventCategory: "user" },
  "user.role_changed": { eventType: "administration", eventCategory: "user" },
  "user.deactivated": { eventType: "administration", eventCategory: "user" },
  "user.reactivated": { eventType: "administration", eventCategory: "user" },
  "user.password_reset": { eventType: "administration", eventCategory: "user" },
  "api_key.created": { eventType: "administration", eventCategory: "api_key" },
  "api_key.revoked": { eventType: "administration", eventCategory: "api_key" },
  "connection.created": { eventType: "administration", eventCategory: "emr_connection" },
  "connection.updated": { eventType: "administration", eventCategory: "emr_connection" },
  "connection.tested": { eventType: "administration", eventCategory: "emr_connection" },
  "connection.deactivated": { eventType: "administration", eventCategory: "emr_connection" },
  "connection.reactivated": { eventType: "administration", eventCategory: "emr_connection" },
  /** `keys rotate` re-encrypted SSNs and connection secrets with the newest key (counts only, never a value). */
  "encryption.keys_rotated": { eventType: "administration", eventCategory: "encryption" },
  /** One run of the retention policy (lib/retention): rows purged or archived per data class, checkpoints written. */
  "retention.enforced": { eventType: "administration", eventCategory: "retention" },
  "audit.viewed": { eventType: "audit", eventCategory: "audit_review" },
  "audit.exported": { eventType: "audit", eventCategory: "audit_export" },
  "audit.verified": { eventType: "audit", eventCategory: "audit_verify" },
  /** A compliance officer's review of one emergency access; its absence is what "awaiting review" means. */
  "emergency_access.reviewed": { eventType: "audit", eventCategory: "emergency_access" },
  /** The detection engine raised a security alert (lib/alerts/detect); an open alert seen again is counted, not raised. */
  "alert.raised": { eventType: "security", eventCategory: "alert" },
  "alert.listed": { eventType: "security", eventCategory: "alert" },
  "alert.viewed": { eventType: "security", eventCategory: "alert" },
  "alert.acknowledged": { eventType: "security", eventCategory: "alert" },
  "alert.assigned": { eventType: "security", eventCategory: "alert" },
  "alert.resolved": { eventType: "security", eventCategory: "alert" },
  "alert.reopened": { eventType: "security", eventCategory: "alert" },
  "alert_rule.updated": { eventType: "security", eventCategory: "alert_rule" },
  /** One attempt to deliver an alert's e-mail, webhook or a digest (lib/notifications): channel, counts, attempt. */
  "alert.notified": { eventType: "security", eventCategory: "alert" },
  /** Anonymous events from one address beyond the per-minute limit, counted into one row (lib/audit/anonymous-limit.ts). */
  "audit.summarized": { eventType: "audit", eventCategory: "audit_summary" },
} as const satisfies Record<string, { eventType: string; eventCategory: string }>;

export type AuditAction = keyof typeof AUDIT_EVENTS;

/** ASTM E2147 category of the patient data an event touched. */
export const DATA_CATEGORIES = ["demographics", "results", "medications", "allergies", "messages", "full_chart"] as const;
export type DataCategory = (typeof DATA_CATEGORIES)[number];

export type AuditOutcome = "success" | "failure" | "denied";
