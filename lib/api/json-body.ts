import { AppError } from "@/lib/errors";

/** The request body as JSON; a body that is not JSON is the client's error (422), never a 500. */
export async function readJsonBody(request: Request): Promise<unknown> {
  const text = await request.text();
  if (text.trim() === "") throw new AppError("INVALID", "The request body must be a JSON object.", { _body: ["Required"] });
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AppError("INVALID", "The request body is not valid JSON.", { _body: ["Malformed JSON"] });
  }
}
