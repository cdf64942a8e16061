"use server";

import { action } from "@/lib/actions/action";
import { recordAllergy, updateAllergy } from "@/lib/allergies/service";
import { changeMedicationStatus } from "@/lib/medications/service";
import { revealSsn } from "@/lib/patients/queries";
import { EmergencyAccessInput, RevealSsnInput } from "@/lib/patients/reason-schema";
import { PatientRestrictionRequest } from "@/lib/patients/restriction-schema";
import { grantEmergencyAccess, setPatientRestriction, updatePatient } from "@/lib/patients/service";
import { AllergyAddition, AllergyChange, DemographicsChange, MedicationStatusRequest } from "@/app/(app)/patients/[patientId]/schemas";
import { revalidatingChart } from "@/app/(app)/patients/revalidate";

export const updateDemographics = action("patients:write", "updateDemographics", DemographicsChange, async (ctx, { patientId, ...changes }) =>
  revalidatingChart(updatePatient(ctx, patientId, changes), (patient) => patient.id),
);

export const addAllergy = action("patients:write", "addAllergy", AllergyAddition, async (ctx, { patientId, ...allergy }) =>
  revalidatingChart(recordAllergy(ctx, patientId, allergy).then(({ record }) => record), (recorded) => recorded.patientId),
);

export const editAllergy = action("patients:write", "editAllergy", AllergyChange, async (ctx, { patientId, allergyId, ...changes }) =>
  revalidatingChart(updateAllergy(ctx, patientId, allergyId, changes), (allergy) => allergy.patientId),
);

export const setMedicationStatus = action("patients:write", "setMedicationStatus", MedicationStatusRequest, async (ctx, { medicationId, ...change }) =>
  revalidatingChart(changeMedicationStatus(ctx, medicationId, change), (medication) => medication.patientId),
);

export const revealPatientSsn = action("patients:reveal_ssn", "revealPatientSsn", RevealSsnInput, async (ctx, input) => revealSsn(ctx, input.patientId, input.reason));

export const breakTheGlass = action("patients:break_glass", "breakTheGlass", EmergencyAccessInput, async (ctx, input) =>
  revalidatingChart(grantEmergencyAccess(ctx, input.patientId, input.reason), (grant) => grant.patientId),
);

export const changeRestriction = action("patients:restrict", "changeRestriction", PatientRestrictionRequest, async (ctx, { patientId, ...change }) =>
  revalidatingChart(setPatientRestriction(ctx, patientId, change), (result) => result.patientId),
);
