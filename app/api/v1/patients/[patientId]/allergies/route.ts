import { readJsonBody } from "@/lib/api/json-body";
import { jsonResponse } from "@/lib/api/json-response";
import { AllergyCreate } from "@/lib/allergies/schema";
import { recordAllergy } from "@/lib/allergies/service";
import { route } from "@/lib/http/route";
import { listAllergies } from "@/lib/patients/queries";

type Params = { patientId: string };

/** The patient's allergies and intolerances. */
export const GET = route<Params>("patients:read", async (ctx, _request, { patientId }) => {
  return jsonResponse({ data: await listAllergies(ctx, patientId) });
});

/** Records an allergy: 201 when new, 200 when a resend (same sourceEmr + sourceAllergyId) updated it. */
export const POST = route<Params>("patients:write", async (ctx, request, { patientId }) => {
  const input = AllergyCreate.parse(await readJsonBody(request));
  const { record, created } = await recordAllergy(ctx, patientId, input);
  return jsonResponse(record, { status: created ? 201 : 200 });
});
