import { readJsonBody } from "@/lib/api/json-body";
import { jsonResponse } from "@/lib/api/json-response";
import { route } from "@/lib/http/route";
import { PatientRestrictionChange } from "@/lib/patients/restriction-schema";
import { setPatientRestriction } from "@/lib/patients/service";

/** Restricts the chart or lifts its restriction, with a reason; patients:restrict, never granted by breaking the glass. */
export const PUT = route<{ patientId: string }>("patients:restrict", async (ctx, request, { patientId }) => {
  const input = PatientRestrictionChange.parse(await readJsonBody(request));
  return jsonResponse(await setPatientRestriction(ctx, patientId, input));
});
