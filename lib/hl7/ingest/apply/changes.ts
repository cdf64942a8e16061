/** A record a message created or changed (stored in hl7_message_changes, shown in the message store). */
export interface RecordChange {
  patientId: string;
  resourceType: "patient" | "observation" | "medication" | "allergy";
  resourceId: string;
  change: "created" | "updated" | "stopped" | "merged";
}
