import { jsonResponse } from "@/lib/api/json-response";
import { route } from "@/lib/http/route";
import { MedicationListCriteria } from "@/lib/medications/search-schema";
import { listMedications } from "@/lib/patients/queries";

/** The patient's medications, optionally only one status. */
export const GET = route<{ patientId: string }>("patients:read", async (ctx, request, { patientId }) => {
  const criteria = MedicationListCriteria.parse(request.nextUrl.searchParams);
  return jsonResponse({ data: await listMedications(ctx, patientId, criteria) });
});
