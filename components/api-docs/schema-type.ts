import type { JsonSchema } from "@/lib/api/openapi";

type Schema = JsonSchema | boolean;

function isSchema(schema: Schema | undefined): schema is JsonSchema {
  return typeof schema === "object" && schema !== null;
}

/** A JSON Schema's type in one short line: "string (date-time)", "integer 1–100", "male | female", "Allergy[]". */
export function typeLabel(schema: Schema | undefined): string {
  if (!isSchema(schema)) return "any";
  if (schema.$ref) return schema.$ref.replace("#/components/schemas/", "");
  if (schema.enum) return schema.enum.map((value) => JSON.stringify(value).replace(/^"|"$/g, "")).join(" | ");
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return alternatives.map((alternative) => typeLabel(alternative)).join(" | ");
  if (schema.type === "array") {
    const items = Array.isArray(schema.items) ? schema.items[0] : schema.items;
    return `${typeLabel(items)}[]`;
  }
  const type = Array.isArray(schema.type) ? schema.type.join(" | ") : (schema.type ?? "any");
  return schema.format ? `${type} (${schema.format})` : type;
}

/** Limits worth telling a client: lengths, ranges, defaults. */
export function constraintsOf(schema: Schema | undefined): string[] {
  if (!isSchema(schema)) return [];
  const notes: string[] = [];
  if (schema.minLength !== undefined && schema.minLength > 0) notes.push(`at least ${schema.minLength} characters`);
  if (schema.maxLength !== undefined) notes.push(`at most ${schema.maxLength} characters`);
  if (schema.minimum !== undefined) notes.push(`≥ ${schema.minimum}`);
  if (schema.maximum !== undefined && schema.maximum < Number.MAX_SAFE_INTEGER) notes.push(`≤ ${schema.maximum}`);
  if (schema.default !== undefined) notes.push(`default ${JSON.stringify(schema.default)}`);
  for (const alternative of schema.anyOf ?? []) notes.push(...constraintsOf(alternative));
  return notes;
}

export interface PropertyRow {
  name: string;
  type: string;
  required: boolean;
  description: string;
  constraints: string[];
}

/** The properties of an object schema, as rows of a field table. */
export function propertyRows(schema: JsonSchema): PropertyRow[] {
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {}).map(([name, property]) => {
    const nested = isSchema(property) ? property : undefined;
    const description = nested?.description ?? nested?.anyOf?.find((alternative) => alternative.description)?.description ?? "";
    return { name, type: typeLabel(property), required: required.has(name), description, constraints: constraintsOf(property) };
  });
}
