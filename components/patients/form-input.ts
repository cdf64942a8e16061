// FormData → the plain objects the server actions parse with the domain's zod schemas. Form fields are strings;
// the schemas want booleans, arrays and "absent" for an unchosen option, so each form says how its fields map.

/** Demographic text fields: a blank one is sent as "" and the schema turns it into null (cleared). */
export const PATIENT_TEXT_FIELDS = [
  "mrn",
  "mrnAuthority",
  "firstName",
  "middleName",
  "lastName",
  "birthDate",
  "phone",
  "email",
  "addressLine1",
  "addressLine2",
  "city",
  "state",
  "postalCode",
  "country",
  "maritalStatus",
  "race",
  "ethnicity",
  "preferredLanguage",
] as const;

function text(form: FormData, name: string): string | undefined {
  const value = form.get(name);
  return typeof value === "string" ? value : undefined;
}

/** A select whose empty option means "not given": the key is left out so the schema's default applies. */
function chosen(form: FormData, name: string): string | undefined {
  const value = text(form, name)?.trim();
  return value ? value : undefined;
}

/**
 * A patient's demographics from the register or edit form. Only fields the form has are sent, so the edit form
 * (no MRN field) leaves the MRN alone; an SSN is sent only when one was typed, since `ssn: null` removes it.
 */
export function patientInput(form: FormData): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const name of PATIENT_TEXT_FIELDS) {
    const value = text(form, name);
    if (value !== undefined) input[name] = value;
  }
  const gender = chosen(form, "gender");
  if (gender) input.gender = gender;
  const ssn = chosen(form, "ssn");
  if (ssn) input.ssn = ssn;
  return input;
}

/** Reactions are rows "reactions.<n>.manifestation" / "reactions.<n>.severity"; rows left blank are dropped. */
function reactionsOf(form: FormData): Record<string, string>[] {
  const rows = new Map<number, Record<string, string>>();
  for (const [name, value] of form.entries()) {
    const match = /^reactions\.(\d+)\.(manifestation|severity)$/.exec(name);
    if (!match || typeof value !== "string" || value.trim() === "") continue;
    const index = Number(match[1]);
    rows.set(index, { ...rows.get(index), [match[2] as string]: value });
  }
  return [...rows.entries()].sort(([a], [b]) => a - b).map(([, row]) => row);
}

/** An allergy from the add or edit form. */
export function allergyInput(form: FormData): Record<string, unknown> {
  const input: Record<string, unknown> = {
    allergen: text(form, "allergen") ?? "",
    criticality: text(form, "criticality") ?? "",
    onsetDate: text(form, "onsetDate") ?? "",
    reactions: reactionsOf(form),
  };
  for (const name of ["category", "allergyType", "clinicalStatus", "verificationStatus"]) {
    const value = chosen(form, name);
    if (value) input[name] = value;
  }
  return input;
}
