import type { Keyring } from "@/lib/secrets/keyring";
import type { Gender } from "@/lib/generated/prisma/enums";
import type { Prisma } from "@/lib/generated/prisma/client";
import { EMAIL_DOMAINS, ETHNICITIES, LANGUAGES, MARITAL_STATUSES, RACES } from "@/lib/seed/catalog/demographics";
import type { Condition, Sex } from "@/lib/seed/catalog/types";
import type { DemoConnection } from "@/lib/seed/demo/connections";
import { DAY_MS, DEMO_ANCHOR, dateOnly, type DemoRandom } from "@/lib/seed/demo/context";
import type { SourceIds } from "@/lib/seed/demo/source-ids";
import { gaussian, ssnFrom } from "@/lib/seed/random";

export type PatientRow = Prisma.PatientCreateManyInput & { id: string; mrn: string; mrnAuthority: string; firstName: string; lastName: string };

/** Meridian's own MRNs: the assigning authority the demo feeds send with them (PID-3 `MRN^^^MERIDIAN^MR`). */
export const DEMO_MRN_AUTHORITY = "MERIDIAN";

/**
 * The patient's id in its source EMR as a PI identifier assigned by the connection's sending application (as PID-3
 * carries it), so an HL7 message naming either identifier finds the seeded patient.
 */
export function sourceIdentifier(patient: DemoPatient): Prisma.PatientIdentifierCreateManyInput | null {
  const value = patient.row.sourcePatientId;
  if (!value) return null;
  return { patientId: patient.row.id, value, assigningAuthority: patient.connection.sendingApplication, identifierType: "PI" };
}

/** A patient row plus the clinical facts the other generators need to stay consistent with it. */
export interface DemoPatient {
  row: PatientRow;
  sex: Sex;
  gender: Gender;
  birthDate: Date;
  conditions: Condition[];
  connection: DemoConnection;
  heightCm: number;
  bmi: number;
}

// Adult population (reference ranges in the catalog are adult ranges), age bands weighted like a primary-care panel.
const AGE_BANDS = [
  { value: [18, 34], weight: 25 },
  { value: [35, 49], weight: 24 },
  { value: [50, 64], weight: 26 },
  { value: [65, 79], weight: 18 },
  { value: [80, 95], weight: 7 },
] as const;

/** Rough prevalence by age (<40, 40–64, 65+). */
const PREVALENCE: Record<Condition, readonly [number, number, number]> = {
  hypertension: [0.08, 0.3, 0.55],
  diabetes: [0.04, 0.12, 0.2],
  hyperlipidemia: [0.06, 0.25, 0.4],
  hypothyroidism: [0.04, 0.07, 0.1],
  depression: [0.12, 0.1, 0.08],
  asthma: [0.09, 0.07, 0.06],
  atrial_fibrillation: [0, 0.02, 0.08],
  heart_failure: [0, 0.01, 0.05],
  coronary_artery_disease: [0, 0.04, 0.12],
  chronic_pain: [0.05, 0.1, 0.12],
};

// Area codes of large US metros; 555-0100..0199 lines are reserved for fiction, so no seeded number is real.
const AREA_CODES = ["212", "213", "215", "206", "303", "312", "404", "415", "503", "602", "617", "713", "720", "919"];

const CONNECTION_SHARE = [50, 30, 20];

function conditionsFor(random: DemoRandom, age: number, sex: Sex): Condition[] {
  const band = age < 40 ? 0 : age < 65 ? 1 : 2;
  return (Object.keys(PREVALENCE) as Condition[]).filter((condition) => {
    const boost = condition === "hypothyroidism" && sex === "female" ? 2 : 1;
    return random.chance(PREVALENCE[condition][band] * boost);
  });
}

function emailFor(random: DemoRandom, first: string, last: string): string {
  const local = `${first}.${last}`.toLowerCase().replace(/[^a-z0-9.]/g, "");
  return `${local}${random.int(1, 99)}@${random.pick(EMAIL_DOMAINS)}`;
}

function ageOn(birthDate: Date, day: Date): number {
  const years = day.getUTCFullYear() - birthDate.getUTCFullYear();
  const beforeBirthday =
    day.getUTCMonth() < birthDate.getUTCMonth() ||
    (day.getUTCMonth() === birthDate.getUTCMonth() && day.getUTCDate() < birthDate.getUTCDate());
  return beforeBirthday ? years - 1 : years;
}

export interface PatientContext {
  random: DemoRandom;
  connections: readonly DemoConnection[];
  sourceIds: SourceIds;
  usedMrns: Set<number>;
  keyring: Keyring;
}

export function buildPatient(ctx: PatientContext): DemoPatient {
  const { random } = ctx;
  const gender = random.weighted<Gender>([
    { value: "female", weight: 49 },
    { value: "male", weight: 48 },
    { value: "other", weight: 1.5 },
    { value: "unknown", weight: 1.5 },
  ]);
  const sex: Sex = gender === "female" || gender === "male" ? gender : random.pick(["female", "male"] as const);
  const [minAge, maxAge] = random.weighted(AGE_BANDS.map((band) => ({ value: band.value, weight: band.weight })));
  const birthDate = dateOnly(new Date(DEMO_ANCHOR.getTime() - (random.int(minAge, maxAge) * 365.25 + random.int(0, 364)) * DAY_MS));
  const age = ageOn(birthDate, DEMO_ANCHOR);

  let mrnNumber = random.int(1_000_000, 9_999_999);
  while (ctx.usedMrns.has(mrnNumber)) mrnNumber = random.int(1_000_000, 9_999_999);
  ctx.usedMrns.add(mrnNumber);

  const firstName = random.faker.person.firstName(sex);
  const middleName = random.chance(0.65) ? random.faker.person.middleName(sex) : null;
  const lastName = random.faker.person.lastName();
  const ssn = ssnFrom(random.next);
  const state = random.faker.location.state({ abbreviated: true });
  const ethnicity = random.weighted(ETHNICITIES);
  const hispanicSpanish = ethnicity === "Hispanic or Latino" && random.chance(0.45);
  const connection = random.weighted(ctx.connections.map((value, i) => ({ value, weight: CONNECTION_SHARE[i] ?? 1 })));

  const row: PatientRow = {
    id: random.uuid(),
    mrn: `MRN${mrnNumber}`,
    mrnAuthority: DEMO_MRN_AUTHORITY,
    firstName,
    middleName,
    lastName,
    birthDate,
    gender,
    ...sealedSsn(ssn, ctx.keyring),
    ssnLast4: ssn.slice(5),
    phone: `(${random.pick(AREA_CODES)}) 555-01${String(random.int(0, 99)).padStart(2, "0")}`,
    email: random.chance(0.85) ? emailFor(random, firstName, lastName) : null,
    addressLine1: random.faker.location.streetAddress(),
    addressLine2: random.chance(0.15) ? random.faker.location.secondaryAddress() : null,
    city: random.faker.location.city(),
    state,
    postalCode: random.faker.location.zipCode({ state }),
    country: "US",
    maritalStatus: age < 22 ? "S" : random.weighted(MARITAL_STATUSES),
    race: random.weighted(RACES),
    ethnicity,
    preferredLanguage: hispanicSpanish ? "es" : random.weighted(LANGUAGES),
    sourceEmr: connection.slug,
    sourcePatientId: connection.sourcePatientId(ctx.sourceIds.nextNumber(connection, "PAT")),
    restricted: random.chance(0.03),
  };
  const meanHeight = sex === "female" ? 162 : 176;
  return {
    row,
    sex,
    gender,
    birthDate,
    conditions: conditionsFor(random, age, sex),
    connection,
    heightCm: Math.round((meanHeight + gaussian(random.next) * 7) * 10) / 10,
    bmi: Math.min(44, Math.max(17.5, 27.5 + gaussian(random.next) * 5)),
  };
}

function sealedSsn(ssn: string, keyring: Keyring): { ssnEncrypted: string; ssnKeyId: string } {
  const sealed = keyring.seal(ssn);
  return { ssnEncrypted: sealed.ciphertext, ssnKeyId: sealed.keyId };
}
