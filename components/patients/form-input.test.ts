import { describe, expect, it } from "vitest";
import { allergyInput, patientInput } from "@/components/patients/form-input";
import { PatientCreate } from "@/lib/patients/schema";
import { AllergyAddition } from "@/app/(app)/patients/[patientId]/schemas";

function formOf(fields: Record<string, string>): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  return form;
}

describe("patientInput", () => {
  it("sends typed values the create schema accepts, with blank optional fields cleared", () => {
    const input = patientInput(formOf({ mrn: "E2E-1", firstName: "Robin", lastName: "Reyes", birthDate: "1980-02-29", email: "", gender: "female" }));
    const parsed = PatientCreate.parse(input);
    expect(parsed).toMatchObject({ mrn: "E2E-1", gender: "female", email: null });
  });

  it("never sends the restriction: it has its own permission and control", () => {
    expect(patientInput(formOf({ firstName: "Robin", restricted: "on" }))).not.toHaveProperty("restricted");
  });

  it("leaves out an unchosen gender, a blank SSN and fields the form does not have", () => {
    const input = patientInput(formOf({ firstName: "Robin", gender: "", ssn: "  " }));
    expect(input).toEqual({ firstName: "Robin" });
  });

  it("sends an SSN only when one was typed", () => {
    expect(patientInput(formOf({ ssn: "123-45-6789" })).ssn).toBe("123-45-6789");
  });
});

describe("allergyInput", () => {
  it("collects reaction rows in order and drops blank ones", () => {
    const input = allergyInput(
      formOf({
        allergen: "Latex",
        category: "environment",
        criticality: "",
        "reactions.1.manifestation": "Hives",
        "reactions.0.manifestation": "Anaphylaxis",
        "reactions.0.severity": "severe",
        "reactions.2.manifestation": "",
        "reactions.2.severity": "",
      }),
    );
    expect(input.reactions).toEqual([{ manifestation: "Anaphylaxis", severity: "severe" }, { manifestation: "Hives" }]);
    // What the add-allergy action parses: the form's fields and the chart's patient, nothing else (strict schema).
    const parsed = AllergyAddition.parse({ ...input, patientId: "3f2b8c1e-6a4d-4e8b-9c2a-1d5e7f9a0b3c" });
    expect(parsed).toMatchObject({ allergen: "Latex", category: "environment", criticality: null });
  });

  it("leaves unchosen statuses out so the schema's defaults apply", () => {
    const input = allergyInput(formOf({ allergen: "Peanut", category: "food", clinicalStatus: "", verificationStatus: "confirmed" }));
    expect(input).not.toHaveProperty("clinicalStatus");
    expect(input.verificationStatus).toBe("confirmed");
  });
});
