"use server";

import { action } from "@/lib/actions/action";
import { createPatient } from "@/lib/patients/service";
import { PatientCreate } from "@/lib/patients/schema";

export const registerPatient = action("patients:write", "registerPatient", PatientCreate, async (ctx, input) => createPatient(ctx, input));
