import { jsonResponse } from "@/lib/api/json-response";
import { route } from "@/lib/http/route";
import { listAllergies } from "@/lib/patients/queries";

/** The patient's allergies and intolerances. */
export const GET = route<{ patientId: string }>("patients:read", async (ctx, _request, { patientId }) => {
  return jsonResponse({ data: await listAllergies(ctx, patientId) });
});
