import { readJsonBody } from "@/lib/api/json-body";
import { jsonResponse } from "@/lib/api/json-response";
import { route } from "@/lib/http/route";
import { ObservationCreate, ObservationSearchCriteria } from "@/lib/observations/schema";
import { recordObservation } from "@/lib/observations/service";
import { listObservations } from "@/lib/patients/queries";

type Params = { patientId: string };

/** The patient's observations, newest first, by code, category and date range; paged. */
export const GET = route<Params>("patients:read", async (ctx, request, { patientId }) => {
  const criteria = ObservationSearchCriteria.parse(request.nextUrl.searchParams);
  return jsonResponse(await listObservations(ctx, patientId, criteria));
});

/** Records a result: 201 when new, 200 when a resend (same sourceEmr + sourceObservationId) updated it. */
export const POST = route<Params>("patients:write", async (ctx, request, { patientId }) => {
  const input = ObservationCreate.parse(await readJsonBody(request));
  const { record, created } = await recordObservation(ctx, patientId, input);
  return jsonResponse(record, { status: created ? 201 : 200 });
});
