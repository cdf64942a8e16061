import { ingestHl7 } from "@/lib/hl7/ingest/ingest";
import { hl7Response, readHl7Body } from "@/lib/hl7/http";
import { route } from "@/lib/http/route";

/**
 * One HL7 v2 message (or an FHS/BHS batch) in, its ACK out — AA, AE or AR, always 200: the ACK carries the outcome.
 * Answered only after the message is committed; a database failure answers 503 and nothing is stored.
 */
export const POST = route("hl7:ingest", async (ctx, request) => {
  const message = await readHl7Body(request);
  const result = await ingestHl7(message, { transport: "http", ctx });
  return hl7Response(result.response, message);
});
