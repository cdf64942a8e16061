import type { ObservationRow } from "@/lib/seed/demo/observations";
import type { DemoPatient } from "@/lib/seed/demo/patients";
import type { Clinician } from "@/lib/seed/demo/staff";

// HL7 v2.5.1 segment builders for the seeded message history. Segments are joined with "\r" (the standard's
// segment terminator), fields with "|", components with "^".

export const RECEIVING_APPLICATION = "MERIDIAN";
export const RECEIVING_FACILITY = "MERIDIAN_HUB";
export const HL7_VERSION = "2.5.1";

const SEX_CODE = { female: "F", male: "M", other: "O", unknown: "U" } as const;

/** Escapes the encoding characters inside a field value (HL7 v2 section 2.7). */
export function escapeHl7(value: string): string {
  return value.replace(/\\/g, "\\E\\").replace(/\|/g, "\\F\\").replace(/\^/g, "\\S\\").replace(/&/g, "\\T\\").replace(/~/g, "\\R\\");
}

/** HL7 DTM with an explicit UTC offset, e.g. 20251014083000+0000. */
export function hl7Timestamp(instant: Date): string {
  return `${instant.toISOString().replace(/[-:T]/g, "").slice(0, 14)}+0000`;
}

function hl7Date(day: Date): string {
  return day.toISOString().slice(0, 10).replace(/-/g, "");
}

export interface Header {
  sendingApplication: string;
  sendingFacility: string;
  at: Date;
  type: "ADT" | "ORU";
  event: "A01" | "A08" | "R01";
  controlId: string;
}

export function msh(h: Header): string {
  // ADT^A08 reuses the ADT_A01 message structure (HL7 v2.5.1 chapter 3).
  const structure = h.type === "ORU" ? "ORU_R01" : "ADT_A01";
  return [
    "MSH", "^~\\&", h.sendingApplication, h.sendingFacility, RECEIVING_APPLICATION, RECEIVING_FACILITY,
    hl7Timestamp(h.at), "", `${h.type}^${h.event}^${structure}`, h.controlId, "P", HL7_VERSION,
  ].join("|");
}

export function evn(event: string, at: Date): string {
  return ["EVN", event, hl7Timestamp(at)].join("|");
}

export function xcn(clinician: Clinician): string {
  return [clinician.npi, escapeHl7(clinician.family), escapeHl7(clinician.given), "", "", "", clinician.credential].join("^");
}

export function pid(patient: DemoPatient): string {
  const p = patient.row;
  const identifiers = `${p.mrn}^^^${p.mrnAuthority}^MR~${p.sourcePatientId ?? ""}^^^${patient.connection.sendingApplication}^PI`;
  const name = [p.lastName, p.firstName, p.middleName ?? ""].map(escapeHl7).join("^");
  const address = [p.addressLine1 ?? "", p.addressLine2 ?? "", p.city ?? "", p.state ?? "", p.postalCode ?? "", "USA"]
    .map(escapeHl7)
    .join("^");
  const phone = p.phone ? `${escapeHl7(p.phone)}^PRN^PH` : "";
  // PID-19 (SSN) is left empty on purpose: raw messages are stored unencrypted.
  return ["PID", "1", "", identifiers, "", name, "", hl7Date(patient.birthDate), SEX_CODE[patient.gender], "", "", address, "", phone,
    "", p.preferredLanguage ?? "", p.maritalStatus ?? ""].join("|");
}

export function pv1(patientClass: "I" | "O", location: string, attending: Clinician, visitNumber: string, admitAt: Date): string {
  const fields = ["PV1", "1", patientClass, location, "", "", "", xcn(attending), "", "", "MED"];
  while (fields.length < 19) fields.push("");
  fields.push(visitNumber);
  while (fields.length < 44) fields.push("");
  fields.push(hl7Timestamp(admitAt));
  return fields.join("|");
}

export function obr(setId: number, placer: string, filler: string, code: string, display: string, collectedAt: Date,
  orderedBy: Clinician, resultedAt: Date): string {
  const fields = ["OBR", String(setId), placer, filler, `${code}^${escapeHl7(display)}^LN`, "", "", hl7Timestamp(collectedAt)];
  while (fields.length < 16) fields.push("");
  fields.push(xcn(orderedBy));
  while (fields.length < 22) fields.push("");
  fields.push(hl7Timestamp(resultedAt), "", "", "F");
  return fields.join("|");
}

export function obx(setId: number, result: ObservationRow): string {
  const value = result.valueQuantity ?? "";
  const range =
    result.referenceRangeLow != null && result.referenceRangeHigh != null
      ? `${result.referenceRangeLow}-${result.referenceRangeHigh}`
      : result.referenceRangeHigh != null
        ? `<${result.referenceRangeHigh}`
        : result.referenceRangeLow != null
          ? `>${result.referenceRangeLow}`
          : "";
  const status = result.status === "amended" ? "C" : "F";
  return ["OBX", String(setId), "NM", `${result.code}^${escapeHl7(result.codeDisplay ?? "")}^LN`, "", String(value),
    `${escapeHl7(result.unit ?? "")}^${escapeHl7(result.unit ?? "")}^UCUM`, range, result.abnormalFlag ?? "", "", "", status, "", "",
    hl7Timestamp(result.effectiveDatetime)].join("|");
}
