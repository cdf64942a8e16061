import type { Keyring } from "@/lib/secrets/keyring";
import { drawValue, flagFor, INTERPRETATION, rangeFor, referenceRangeText, round } from "@/lib/seed/catalog/interpret";
import type { NumericTest, RangeSpec, Sex } from "@/lib/seed/catalog/types";
import { BMI, BODY_HEIGHT, BODY_TEMPERATURE, BODY_WEIGHT, DIASTOLIC_BP, HEART_RATE, OXYGEN_SATURATION, RESPIRATORY_RATE,
  SYSTOLIC_BP } from "@/lib/seed/catalog/vitals";
import { copyEscape, NULL } from "@/lib/seed/bulk/copy-text";
import type { BulkPools, WeightedPool } from "@/lib/seed/bulk/pools";
import { CONNECTION_SLUGS } from "@/lib/seed/demo/connections";
import { DAY_MS, DEMO_ANCHOR } from "@/lib/seed/demo/context";
import { deterministicUuid, gaussian, mix32, mulberry32, ssnFrom, weightedIndex } from "@/lib/seed/random";

export const PATIENT_COLUMNS = [
  "id", "mrn", "first_name", "middle_name", "last_name", "birth_date", "gender", "ssn_encrypted", "ssn_key_id", "ssn_last4", "phone", "email",
  "address_line1", "city", "state", "postal_code", "country", "marital_status", "race", "ethnicity", "preferred_language",
  "source_emr", "source_patient_id", "updated_at",
] as const;

export const OBSERVATION_COLUMNS = [
  "id", "patient_id", "observation_type", "code", "code_display", "value_quantity", "unit", "reference_range_low",
  "reference_range_high", "reference_range_text", "interpretation", "abnormal_flag", "effective_datetime", "issued_datetime",
  "source_emr", "source_observation_id", "updated_at",
] as const;

/** MRNs carry the row index, so a re-run finds where the last one stopped from the highest MRN alone. */
export const BULK_MRN_PREFIX = "BLK";

export function bulkMrn(index: number): string {
  return `${BULK_MRN_PREFIX}${String(index).padStart(9, "0")}`;
}

// Charting order: the first five are what most encounters record; weight, height and BMI follow.
const BULK_VITALS: readonly NumericTest[] = [
  HEART_RATE, SYSTOLIC_BP, DIASTOLIC_BP, BODY_TEMPERATURE, OXYGEN_SATURATION, RESPIRATORY_RATE, BODY_WEIGHT, BODY_HEIGHT, BMI,
];

/** The columns of an observation line that depend only on the test and the patient's sex, built once. */
interface TestColumns {
  test: NumericTest;
  range: RangeSpec;
  /** observation_type, code, code_display */
  head: string;
  /** unit, reference_range_low, reference_range_high, reference_range_text */
  rangeColumns: string;
}

function testColumns(test: NumericTest, sex: Sex): TestColumns {
  const range = rangeFor(test, sex);
  const text = referenceRangeText(range, test.unit);
  return {
    test,
    range,
    head: [test.type, test.code, copyEscape(test.display)].join("\t"),
    rangeColumns: [test.unit, range.low ?? NULL, range.high ?? NULL, text ?? NULL].join("\t"),
  };
}

const COLUMNS_BY_SEX: Record<Sex, TestColumns[]> = {
  female: BULK_VITALS.map((test) => testColumns(test, "female")),
  male: BULK_VITALS.map((test) => testColumns(test, "male")),
};

export interface BulkContext {
  seed: number;
  pools: BulkPools;
  keyring: Keyring;
  observationsPerPatient: number;
  /** One timestamp for the whole run: updated_at is bookkeeping, not seeded data. */
  updatedAt: string;
}

function pick(values: readonly string[], random: () => number): string {
  return values[Math.floor(random() * values.length)] ?? "";
}

function pickWeighted(pool: WeightedPool, random: () => number): string {
  return pool.values[weightedIndex(pool.cumulative, random)] ?? "";
}

/** Each row has its own PRNG stream, so row n is the same whether it is written in the first run or a resumed one. */
function rowRandom(seed: number, index: number, stream: number): () => number {
  return mulberry32(mix32(mix32(seed, stream), index));
}

function sexOf(seed: number, index: number): Sex {
  return mix32(seed, index) % 2 === 0 ? "female" : "male";
}

export function patientLine(ctx: BulkContext, index: number): string {
  const random = rowRandom(ctx.seed, index, 1);
  const { pools } = ctx;
  const sex = sexOf(ctx.seed, index);
  const firstIndex = Math.floor(random() * 1_000);
  const lastIndex = Math.floor(random() * pools.last.length);
  const first = (sex === "female" ? pools.femaleFirst : pools.maleFirst)[firstIndex] ?? "";
  const middle = random() < 0.6 ? pick(sex === "female" ? pools.femaleFirst : pools.maleFirst, random) : NULL;
  const emailFirst = (sex === "female" ? pools.femaleFirstEmail : pools.maleFirstEmail)[firstIndex] ?? "";
  const ageDays = Math.floor((18 + random() * 77) * 365.25);
  const birthDate = new Date(DEMO_ANCHOR.getTime() - ageDays * DAY_MS).toISOString().slice(0, 10);
  const ssn = ssnFrom(random);
  const connection = CONNECTION_SLUGS[index % CONNECTION_SLUGS.length] ?? "epic-main";
  return [
    deterministicUuid(ctx.seed, index, 0),
    bulkMrn(index),
    first,
    middle,
    pools.last[lastIndex] ?? "",
    birthDate,
    sex,
    ...sealedSsn(ssn, ctx.keyring),
    ssn.slice(5),
    `(${200 + Math.floor(random() * 700)}) 555-01${String(Math.floor(random() * 100)).padStart(2, "0")}`,
    `${emailFirst}.${pools.lastEmail[lastIndex] ?? ""}.${index}@example.com`,
    `${1 + Math.floor(random() * 9_899)} ${pick(pools.streets, random)}`,
    pick(pools.places, random),
    "US",
    pickWeighted(pools.maritalStatuses, random),
    pickWeighted(pools.races, random),
    pickWeighted(pools.ethnicities, random),
    pickWeighted(pools.languages, random),
    connection,
    `BLK-${index}`,
    ctx.updatedAt,
  ].join("\t");
}

/** `observationsPerPatient` vitals in charting order; every nine start a new encounter within the last two years. */
export function observationLines(ctx: BulkContext, index: number): string[] {
  const random = rowRandom(ctx.seed, index, 2);
  const sex = sexOf(ctx.seed, index);
  const columns = COLUMNS_BY_SEX[sex];
  const patientId = deterministicUuid(ctx.seed, index, 0);
  const source = CONNECTION_SLUGS[index % CONNECTION_SLUGS.length] ?? "epic-main";
  const heightCm = round((sex === "female" ? 162 : 176) + gaussian(random) * 7, 1);
  const weightKg = round(Math.min(44, Math.max(17.5, 27.5 + gaussian(random) * 5)) * (heightCm / 100) ** 2, 1);
  const lines: string[] = [];
  let times = "";
  for (let k = 0; k < ctx.observationsPerPatient; k += 1) {
    const { test, range, head, rangeColumns } = columns[k % columns.length] ?? testColumns(HEART_RATE, sex);
    if (k % columns.length === 0) {
      const at = DEMO_ANCHOR.getTime() - Math.floor((1 + random() * 729) * 1_440) * 60_000;
      times = `${new Date(at).toISOString()}\t${new Date(at + 10 * 60_000).toISOString()}`;
    }
    const value =
      test === BODY_HEIGHT ? heightCm : test === BODY_WEIGHT ? weightKg : test === BMI ? round(weightKg / (heightCm / 100) ** 2, 1)
        : drawValue(test, sex, random);
    const flag = flagFor(range, value);
    lines.push([
      deterministicUuid(ctx.seed, index, k + 1),
      patientId,
      head,
      value,
      rangeColumns,
      flag === null ? NULL : INTERPRETATION[flag],
      flag ?? NULL,
      times,
      source,
      `BLK-${index}-${k}`,
      ctx.updatedAt,
    ].join("\t"));
  }
  return lines;
}

/** COPY text for patients [from, to], in chunks of about `rowsPerChunk` lines. */
export function* patientChunks(ctx: BulkContext, from: number, to: number, rowsPerChunk = 1_000): Generator<string> {
  for (let start = from; start <= to; start += rowsPerChunk) {
    const lines: string[] = [];
    for (let index = start; index <= Math.min(to, start + rowsPerChunk - 1); index += 1) lines.push(patientLine(ctx, index));
    yield `${lines.join("\n")}\n`;
  }
}

export function* observationChunks(ctx: BulkContext, from: number, to: number, patientsPerChunk = 500): Generator<string> {
  if (ctx.observationsPerPatient === 0) return;
  for (let start = from; start <= to; start += patientsPerChunk) {
    const lines: string[] = [];
    for (let index = start; index <= Math.min(to, start + patientsPerChunk - 1); index += 1) lines.push(...observationLines(ctx, index));
    yield `${lines.join("\n")}\n`;
  }
}

function sealedSsn(ssn: string, keyring: Keyring): [string, string] {
  const sealed = keyring.seal(ssn);
  return [sealed.ciphertext, sealed.keyId];
}
