import { readJsonBody } from "@/lib/api/json-body";
import { jsonResponse } from "@/lib/api/json-response";
import { AllergyUpdate } from "@/lib/allergies/schema";
import { updateAllergy } from "@/lib/allergies/service";
import { route } from "@/lib/http/route";

/** Changes the fields sent of an allergy on this chart, as the chart's edit form does. */
export const PATCH = route<{ patientId: string; allergyId: string }>("patients:write", async (ctx, request, { patientId, allergyId }) => {
  const input = AllergyUpdate.parse(await readJsonBody(request));
  return jsonResponse(await updateAllergy(ctx, patientId, allergyId, input));
});
