import { readJsonBody } from "@/lib/api/json-body";
import { jsonResponse } from "@/lib/api/json-response";
import { route } from "@/lib/http/route";
import { changeMedicationStatus } from "@/lib/medications/service";
import { MedicationStatusChange } from "@/lib/medications/status-schema";

/** Changes a medication's status (hold, stop, complete …) with an optional reason, as the chart does. */
export const PATCH = route<{ patientId: string; medicationId: string }>("patients:write", async (ctx, request, { patientId, medicationId }) => {
  const change = MedicationStatusChange.parse(await readJsonBody(request));
  return jsonResponse(await changeMedicationStatus(ctx, medicationId, change, patientId));
});
