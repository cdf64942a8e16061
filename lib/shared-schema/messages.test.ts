import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { AllergyCreate } from "@/lib/allergies/schema";
import { fieldErrorsOf } from "@/lib/errors";
import { PatientCreate } from "@/lib/patients/schema";
import { EARLIEST_DATE, isoDate, isoDateTime, pastIsoDate } from "@/lib/shared-schema/dates";
import { GenderEnum } from "@/lib/shared-schema/enums";
import { Mrn, requiredText, Uuid } from "@/lib/shared-schema/fields";
import { REQUIRED, spelledDate } from "@/lib/shared-schema/messages";
import { UserCreate } from "@/lib/users/schema";

// The messages a person reads next to a form field, which the API returns too: the same schemas serve both.

function messagesOf(schema: z.ZodType, input: unknown): Record<string, string[]> {
  const result = schema.safeParse(input);
  return result.success ? {} : fieldErrorsOf(result.error);
}

const messageOf = (schema: z.ZodType, input: unknown): string | undefined => schema.safeParse(input).error?.issues[0]?.message;

describe("required fields", () => {
  it.each([
    ["requiredText", requiredText(10)],
    ["Mrn", Mrn],
    ["Uuid", Uuid],
    ["isoDate", isoDate()],
    ["pastIsoDate", pastIsoDate()],
    ["isoDateTime", isoDateTime()],
    ["an enum", GenderEnum],
  ])("%s says Required when left empty, blank, out or null", (_name, schema) => {
    for (const input of ["", "   ", undefined, null]) expect(messageOf(schema, input), JSON.stringify(input)).toBe(REQUIRED);
  });

  it("a form submitted empty shows Required at every required field, never zod's type jargon", () => {
    expect(messagesOf(PatientCreate, { mrn: "", firstName: "", middleName: "", lastName: "", birthDate: "" })).toEqual({
      mrn: [REQUIRED],
      firstName: [REQUIRED],
      lastName: [REQUIRED],
      birthDate: [REQUIRED],
    });
    expect(messagesOf(UserCreate, { name: "", email: "", password: "" })).toEqual({ name: [REQUIRED], email: [REQUIRED], role: [REQUIRED], password: [REQUIRED] });
    expect(messagesOf(AllergyCreate, { allergen: "", criticality: "", onsetDate: "", reactions: [] })).toEqual({ allergen: [REQUIRED], category: [REQUIRED] });
  });

  it("an API body without the fields gets the same words", () => {
    const errors = Object.values(messagesOf(PatientCreate, {})).flat();
    expect(errors.length).toBeGreaterThan(0);
    expect(new Set(errors)).toEqual(new Set([REQUIRED]));
  });

  it("keeps the specific message once something was entered", () => {
    expect(messageOf(Mrn, "A B")).toBe("MRN must be 1–64 letters, digits or dashes");
    expect(messagesOf(UserCreate, { name: "N", email: "not-an-address", role: "clinician", password: "short" })).toEqual({
      email: ["Must be an email address"],
      password: ["At least 12 characters"],
    });
    expect(messageOf(GenderEnum, "bogus")).toMatch(/^Invalid option: expected one of/);
    expect(messageOf(Uuid, "123")).toBe("Must be a UUID");
  });
});

describe("dates", () => {
  it("name the format an <input type=date> accepts when the value is not a date", () => {
    for (const input of ["03/09/1984", "1984-02-30", "1984-3-9"]) expect(messageOf(pastIsoDate(), input)).toBe("Must be a complete date, written YYYY-MM-DD");
  });

  it("write bounds as the app writes dates, not in digits a date picker may order differently", () => {
    expect(spelledDate(EARLIEST_DATE)).toBe("Jan 1, 1900");
    expect(messageOf(pastIsoDate(), "1899-12-31")).toBe("Must be on or after Jan 1, 1900");
    expect(messageOf(pastIsoDate(), "2999-01-01")).toBe("Must not be in the future");
  });
});
