import "server-only";
import { readBodyBytes } from "@/lib/api/body-bytes";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { declaredCharacterSet } from "@/lib/hl7/er7/charset";
import { HL7_MEDIA_TYPE } from "@/lib/hl7/http-schema";

/** The media types an HL7 v2 ER7 message is sent as (the first is the registered one). */
const HL7_MEDIA_TYPES = [HL7_MEDIA_TYPE, "application/hl7-v2", "text/plain"] as const;

/** The raw message of a POST /api/v1/hl7: an HL7 media type (else 415), at most HL7_MAX_MESSAGE_BYTES (else 413). */
export async function readHl7Body(request: Request): Promise<Buffer> {
  const type = (request.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  if (!(HL7_MEDIA_TYPES as readonly string[]).includes(type)) {
    throw new AppError("UNSUPPORTED_MEDIA_TYPE", `Send the message as ${HL7_MEDIA_TYPES.join(", ")}.`);
  }
  return Buffer.from(await readBodyBytes(request, env().HL7_MAX_MESSAGE_BYTES));
}

/** The ACK as the response body, in the character set of the message it answers. */
export function hl7Response(ack: Buffer, message: Buffer): Response {
  const charset = declaredCharacterSet(message) === "8859/1" ? "iso-8859-1" : "utf-8";
  return new Response(new Uint8Array(ack), { status: 200, headers: { "content-type": `${HL7_MEDIA_TYPE}; charset=${charset}` } });
}
