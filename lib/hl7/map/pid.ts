import { Hl7Error } from "@/lib/hl7/er7/errors";
import { componentOf, HL7_NULL, repetitionsOf, valueAt, type Hl7Repetition, type Hl7Segment } from "@/lib/hl7/er7/message";
import { bounded, mapUpdate, parseDateTime, presence, type Update } from "@/lib/hl7/map/datatypes";

/** A patient identifier as HL7 CX carries it: value, assigning authority (HD namespace or universal id), type. */
export interface PatientIdentifier {
  value: string;
  authority: string;
  /** HL7 table 0203: MR (medical record), SS (social security), PI (patient internal), … */
  type: string;
}

export interface PersonName {
  family: string;
  given: string;
  middle: string | null;
  /** HL7 table 0200: L legal, A alias, M maiden, … ("" when the sender did not say). */
  type: string;
}

export interface Address {
  line1: string | null;
  line2: string | null;
  city: string | null;
  state: string | null;
  postalCode: string | null;
  country: string | null;
}

/** What a PID segment says about a patient; every demographic is an Update (absent, cleared, or a value). */
export interface PatientFromPid {
  identifiers: PatientIdentifier[];
  legalName: Update<PersonName>;
  aliases: PersonName[];
  birthDate: Update<string>;
  gender: Update<"male" | "female" | "other" | "unknown">;
  race: Update<string>;
  ethnicity: Update<string>;
  address: Update<Address>;
  phone: Update<string>;
  email: Update<string>;
  language: Update<string>;
  maritalStatus: Update<string>;
  ssn: Update<string>;
}

const GENDERS: Record<string, "male" | "female" | "other" | "unknown"> = { M: "male", F: "female", O: "other", A: "other", N: "other", U: "unknown" };
const SSN = /^\d{3}-?\d{2}-?\d{4}$/;

function identifierOf(repetition: Hl7Repetition): PatientIdentifier | null {
  const value = componentOf(repetition, 1).trim();
  if (!value || value === HL7_NULL) return null;
  // CX-4 is an HD: namespace id, else the universal id.
  const authority = componentOf(repetition, 4, 1) || componentOf(repetition, 4, 2);
  return { value: bounded(value, 128), authority: bounded(authority, 64), type: bounded(componentOf(repetition, 5).toUpperCase(), 8) };
}

function nameOf(repetition: Hl7Repetition): PersonName | null {
  // XPN-1 is an FN whose first sub-component is the surname.
  const family = componentOf(repetition, 1, 1).trim();
  const given = componentOf(repetition, 2).trim();
  if (!family && !given) return null;
  const middle = componentOf(repetition, 3).trim();
  return { family: bounded(family, 100), given: bounded(given, 100), middle: middle ? bounded(middle, 100) : null, type: componentOf(repetition, 7).toUpperCase() };
}

/** The coded value of a CE/CWE field: its identifier, else its text. */
function codedValue(segment: Hl7Segment, field: number, length: number): Update<string> {
  const raw = presence(valueAt(segment, field, 1));
  if (raw === undefined && valueAt(segment, field, 2)) return bounded(valueAt(segment, field, 2), length);
  return mapUpdate(raw, (value) => bounded(value, length));
}

function addressOf(segment: Hl7Segment): Update<Address> {
  const first = segment.fields[11]?.[0];
  const raw = valueAt(segment, 11, 1);
  if (raw === HL7_NULL) return null;
  const parts = [1, 2, 3, 4, 5, 6].map((component) => componentOf(first, component).trim());
  if (parts.every((part) => part === "")) return undefined;
  const [line1 = "", line2 = "", city = "", state = "", postalCode = "", country = ""] = parts;
  const orNull = (value: string, length: number) => (value ? bounded(value, length) : null);
  // XAD-1 is an SAD; its first sub-component is the street address.
  const street = componentOf(first, 1, 1).trim() || line1;
  return { line1: orNull(street, 255), line2: orNull(line2, 255), city: orNull(city, 100), state: orNull(state, 50), postalCode: orNull(postalCode, 20), country: country.length === 2 ? country.toUpperCase() : null };
}

/**
 * Phone and email from PID-13/14 in both forms: v2.3 puts the number in XTN-1 and the email in XTN-4; v2.5 marks
 * the use (XTN-2 NET or equipment XTN-3 Internet for email) and splits the number into area (XTN-6) and local (XTN-7).
 */
function contactOf(segment: Hl7Segment): { phone: Update<string>; email: Update<string> } {
  const repetitions = [...repetitionsOf(segment, 13), ...repetitionsOf(segment, 14)];
  if (valueAt(segment, 13) === HL7_NULL) return { phone: null, email: null };
  let phone: string | undefined;
  let email: string | undefined;
  for (const repetition of repetitions) {
    const use = componentOf(repetition, 2).toUpperCase();
    const equipment = componentOf(repetition, 3).toUpperCase();
    const address = componentOf(repetition, 4).trim();
    if (address && (use === "NET" || equipment === "INTERNET" || equipment === "X.400" || address.includes("@"))) {
      email ??= bounded(address, 255);
      continue;
    }
    const split = `${componentOf(repetition, 6)}${componentOf(repetition, 7)}`.trim();
    const number = split ? `${componentOf(repetition, 5) ? `+${componentOf(repetition, 5)} ` : ""}${split}` : componentOf(repetition, 1).trim() || componentOf(repetition, 12).trim();
    if (number) phone ??= bounded(number, 32);
  }
  return { phone, email };
}

function ssnOf(segment: Hl7Segment, identifiers: PatientIdentifier[]): Update<string> {
  const pid19 = presence(valueAt(segment, 19));
  if (pid19 === null) return null;
  const raw = pid19 ?? identifiers.find((identifier) => identifier.type === "SS")?.value;
  if (raw === undefined) return undefined;
  if (!SSN.test(raw.trim())) throw new Hl7Error(102, "PID-19 (SSN) is not a social security number", { location: { segment: "PID", sequence: 1, field: 19 } });
  return raw.replace(/-/g, "");
}

export function mapPid(segment: Hl7Segment): PatientFromPid {
  const identifiers = repetitionsOf(segment, 3).map(identifierOf).filter((identifier): identifier is PatientIdentifier => identifier !== null);
  const names = repetitionsOf(segment, 5).map(nameOf).filter((name): name is PersonName => name !== null);
  const legal = names.find((name) => name.type === "L") ?? names.find((name) => name.type === "") ?? names[0];
  const birth = presence(valueAt(segment, 7));
  const sex = presence(valueAt(segment, 8).toUpperCase());
  const contact = contactOf(segment);
  return {
    identifiers,
    legalName: valueAt(segment, 5) === HL7_NULL ? null : legal,
    aliases: names.filter((name) => name !== legal),
    birthDate: mapUpdate(birth, (raw) => parseDateTime(raw, "date of birth", { segment: "PID", sequence: 1, field: 7 }).date),
    gender: mapUpdate(sex, (raw) => {
      const gender = GENDERS[raw];
      if (!gender) throw new Hl7Error(103, `PID-8 (administrative sex) "${raw.slice(0, 8)}" is not in HL7 table 0001`, { location: { segment: "PID", sequence: 1, field: 8 } });
      return gender;
    }),
    race: codedValue(segment, 10, 64),
    ethnicity: codedValue(segment, 22, 64),
    address: addressOf(segment),
    phone: contact.phone,
    email: contact.email,
    language: codedValue(segment, 15, 32),
    maritalStatus: codedValue(segment, 16, 32),
    ssn: ssnOf(segment, identifiers),
  };
}
