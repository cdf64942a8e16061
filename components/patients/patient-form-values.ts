import { PATIENT_TEXT_FIELDS } from "@/components/patients/form-input";
import { isoDay } from "@/components/ui/format";
import type { PatientFormValues } from "@/components/patients/patient-form";
import type { PatientResponse } from "@/lib/patients/schema";

/** A patient as the edit form's starting values (strings, dates as YYYY-MM-DD); never the SSN itself. */
export function patientFormValues(patient: PatientResponse): PatientFormValues {
  const fields: Record<string, string> = { gender: patient.gender };
  for (const name of PATIENT_TEXT_FIELDS) {
    const value = name === "birthDate" ? isoDay(patient.birthDate) : patient[name];
    fields[name] = value ?? "";
  }
  return { fields, ssnLast4: patient.ssnLast4 };
}
