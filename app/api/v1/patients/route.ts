import { readJsonBody } from "@/lib/api/json-body";
import { jsonResponse } from "@/lib/api/json-response";
import { route } from "@/lib/http/route";
import { searchPatients } from "@/lib/patients/queries";
import { PatientCreate, PatientSearchCriteria } from "@/lib/patients/schema";
import { createPatient } from "@/lib/patients/service";

/** Patient search: typo-tolerant name, any identifier (or MRN prefix), birth date, gender, source EMR; sorted and paged. */
export const GET = route("patients:read", async (ctx, request) => {
  const criteria = PatientSearchCriteria.parse(request.nextUrl.searchParams);
  return jsonResponse(await searchPatients(ctx, criteria));
});

/** Registers a patient; 201 with its Location. */
export const POST = route("patients:write", async (ctx, request) => {
  const input = PatientCreate.parse(await readJsonBody(request));
  const patient = await createPatient(ctx, input);
  return jsonResponse(patient, { status: 201, headers: { location: `/api/v1/patients/${patient.id}` } });
});
