import { z } from "zod";

/**
 * JSON Schema of a boundary schema for the OpenAPI document: io "input" for request bodies and query strings (what
 * a client sends), "output" for responses, where a Date travels as an ISO 8601 string (JSON.stringify). Any other
 * type without a JSON form throws, so a schema that cannot be documented fails its test.
 */
export function toJsonSchema(schema: z.ZodType, io: "input" | "output") {
  return z.toJSONSchema(schema, {
    io,
    unrepresentable: ({ zodSchema }) =>
      zodSchema._zod.def.type === "date" ? { type: "string", format: "date-time" } : "throw",
  });
}
