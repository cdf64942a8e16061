import { AllergyCreate, AllergyUpdate } from "@/lib/allergies/schema";
import { MedicationStatusChange } from "@/lib/medications/status-schema";
import { PatientUpdate } from "@/lib/patients/schema";
import { Uuid } from "@/lib/shared-schema/fields";

// The chart's write actions take the record's id next to the domain schema's fields (safeExtend keeps the
// schema's refinements), so the form and the action validate exactly the same rules.

export const DemographicsChange = PatientUpdate.safeExtend({ patientId: Uuid });

export const AllergyAddition = AllergyCreate.safeExtend({ patientId: Uuid });

export const AllergyChange = AllergyUpdate.safeExtend({ patientId: Uuid, allergyId: Uuid });

export const MedicationStatusRequest = MedicationStatusChange.safeExtend({ medicationId: Uuid });
