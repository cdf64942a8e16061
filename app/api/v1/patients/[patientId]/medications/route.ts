import { readJsonBody } from "@/lib/api/json-body";
import { jsonResponse } from "@/lib/api/json-response";
import { route } from "@/lib/http/route";
import { MedicationCreate } from "@/lib/medications/schema";
import { MedicationListCriteria } from "@/lib/medications/search-schema";
import { recordMedication } from "@/lib/medications/service";
import { listMedications } from "@/lib/patients/queries";

type Params = { patientId: string };

/** The patient's medications, optionally only one status. */
export const GET = route<Params>("patients:read", async (ctx, request, { patientId }) => {
  const criteria = MedicationListCriteria.parse(request.nextUrl.searchParams);
  return jsonResponse({ data: await listMedications(ctx, patientId, criteria) });
});

/** Records a medication: 201 when new, 200 when a resend (same sourceEmr + sourceMedicationId) updated it. */
export const POST = route<Params>("patients:write", async (ctx, request, { patientId }) => {
  const input = MedicationCreate.parse(await readJsonBody(request));
  const { record, created } = await recordMedication(ctx, patientId, input);
  return jsonResponse(record, { status: created ? 201 : 200 });
});
