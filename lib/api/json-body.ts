import { readBodyBytes } from "@/lib/api/body-bytes";
import { AppError } from "@/lib/errors";

/** The largest JSON body the API reads: far above any one record (a 10,000-character note is ~40 KB). */
export const MAX_JSON_BODY_BYTES = 1024 * 1024;

/** application/json, or a structured +json type such as application/merge-patch+json. */
const JSON_MEDIA_TYPE = /^application\/(?:[\w.-]+\+)?json$/;
const UTF8_CHARSET = /^"?utf-8"?$/;

function mediaTypeOf(contentType: string | null): { type: string; charset: string | null } {
  const [type = "", ...parameters] = (contentType ?? "").split(";").map((part) => part.trim().toLowerCase());
  const charset = parameters.find((parameter) => parameter.startsWith("charset="))?.slice("charset=".length) ?? null;
  return { type, charset };
}

/**
 * The request body as JSON. Every way a client can get it wrong is the client's error, never a 500: another media
 * type (415), a body over MAX_JSON_BODY_BYTES (413), no body, bytes that are not UTF-8 or text that is not JSON (422).
 */
export async function readJsonBody(request: Request): Promise<unknown> {
  const { type, charset } = mediaTypeOf(request.headers.get("content-type"));
  if (!JSON_MEDIA_TYPE.test(type) || (charset !== null && !UTF8_CHARSET.test(charset))) {
    throw new AppError("UNSUPPORTED_MEDIA_TYPE", "Send the request body as JSON (Content-Type: application/json, UTF-8).");
  }
  const bytes = await readBodyBytes(request, MAX_JSON_BODY_BYTES);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new AppError("INVALID", "The request body is not UTF-8 text.", { _body: ["Not UTF-8"] });
  }
  if (text.trim() === "") throw new AppError("INVALID", "The request body must be a JSON object.", { _body: ["Required"] });
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AppError("INVALID", "The request body is not valid JSON.", { _body: ["Malformed JSON"] });
  }
}
