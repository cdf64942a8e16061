import { describe, expect, it } from "vitest";
import { z } from "zod";
import { fieldErrorsOf, toAppError } from "@/lib/errors";

describe("toAppError of a validation failure", () => {
  const schema = z.strictObject({ name: z.string(), reactions: z.array(z.strictObject({ manifestation: z.string() })) });

  it("names each unknown field, nested ones by path, next to the other field errors", () => {
    const parsed = schema.safeParse({ name: 1, middlename: "Zed", isAdmin: true, reactions: [{ manifestation: "Rash", colour: "red" }] });
    const error = toAppError(parsed.error);
    expect(error).toMatchObject({ code: "INVALID", status: 422 });
    expect(error?.message).toBe("Unknown fields: reactions.0.colour, middlename, isAdmin.");
    expect(error?.fieldErrors).toEqual({
      name: [expect.any(String)],
      middlename: ["Unknown field"],
      isAdmin: ["Unknown field"],
      "reactions.0.colour": ["Unknown field"],
    });
  });

  it("reports fields named like Object's own properties as fields (constructor, __proto__), never a 500", () => {
    const parsed = schema.safeParse(JSON.parse('{"name":"x","reactions":[],"constructor":{},"__proto__":{"x":1},"toString":1}'));
    const error = toAppError(parsed.error);
    const entries = Object.entries(error?.fieldErrors ?? {}).sort(([a], [b]) => a.localeCompare(b));
    expect(entries).toEqual([["__proto__", ["Unknown field"]], ["constructor", ["Unknown field"]], ["toString", ["Unknown field"]]]);
  });

  it("keeps the general message when every field is known", () => {
    const parsed = schema.safeParse({ name: 1, reactions: [] });
    expect(toAppError(parsed.error)?.message).toBe("The request has invalid fields.");
    expect(fieldErrorsOf(z.string().safeParse(1).error as z.ZodError)).toEqual({ _form: [expect.any(String)] });
  });
});

describe("toAppError of a database error", () => {
  it("maps a value out of its column's range (P2020) to INVALID, never a 500", () => {
    expect(toAppError({ code: "P2020", message: "Value out of range for the type" })).toMatchObject({ code: "INVALID", status: 422 });
    expect(toAppError({ code: "P9999" })).toBeUndefined();
  });
});
