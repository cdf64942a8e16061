import { jsonResponse } from "@/lib/api/json-response";
import { route } from "@/lib/http/route";
import { ObservationSearchCriteria } from "@/lib/observations/schema";
import { listObservations } from "@/lib/patients/queries";

/** The patient's observations, newest first, by code, category and date range; paged. */
export const GET = route<{ patientId: string }>("patients:read", async (ctx, request, { patientId }) => {
  const criteria = ObservationSearchCriteria.parse(request.nextUrl.searchParams);
  return jsonResponse(await listObservations(ctx, patientId, criteria));
});
