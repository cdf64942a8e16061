import type { PatientResponse } from "@/lib/patients/schema";

/**
 * What search shows of a restricted patient: enough to recognise the record (name, MRN, birth date), not how to
 * reach the person. The chart, opened through emergency access, shows the rest.
 */
export function withheldForRestricted(patient: PatientResponse): PatientResponse {
  if (!patient.restricted) return patient;
  return {
    ...patient,
    ssnLast4: null,
    phone: null,
    email: null,
    addressLine1: null,
    addressLine2: null,
    city: null,
    state: null,
    postalCode: null,
    country: null,
  };
}
