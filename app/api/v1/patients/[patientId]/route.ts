import { readJsonBody } from "@/lib/api/json-body";
import { jsonResponse } from "@/lib/api/json-response";
import { route } from "@/lib/http/route";
import { getPatientChart } from "@/lib/patients/queries";
import { PatientUpdate } from "@/lib/patients/schema";
import { updatePatient } from "@/lib/patients/service";

type Params = { patientId: string };

/** The patient's chart: demographics, latest observations, medications, allergies. */
export const GET = route<Params>("patients:read", async (ctx, _request, { patientId }) => {
  return jsonResponse(await getPatientChart(ctx, patientId));
});

/** Changes the fields sent; null clears an optional field. */
export const PATCH = route<Params>("patients:write", async (ctx, request, { patientId }) => {
  const input = PatientUpdate.parse(await readJsonBody(request));
  return jsonResponse(await updatePatient(ctx, patientId, input));
});
