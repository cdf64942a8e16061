import { Faker, en } from "@faker-js/faker";
import { db } from "@/lib/db/client";

// Inputs for the clinical benchmarks, drawn from the seeded data itself: real names, MRNs, birth dates and ids,
// sampled row by row (BERNOULLI, not whole pages) with a fixed seed so every run asks the same questions.

export interface SampledPatient {
  id: string;
  mrn: string;
  firstName: string;
  lastName: string;
  birthDate: string;
}

const SAMPLE_SEED = 20261127;

/** About `count` unrestricted patients (a restricted chart would be refused to the benchmark's clinician), shuffled. */
export async function samplePatients(count: number, seed = SAMPLE_SEED): Promise<SampledPatient[]> {
  const total = await db().patient.count();
  if (total === 0) throw new Error("No patients: seed the database first (npm run cli -- seed --patients 1000000).");
  // Ask for 20% more than needed so that BERNOULLI's randomness rarely falls short; LIMIT trims the rest.
  const percent = Math.min(100, ((count * 1.2) / total) * 100);
  // REPEATABLE fixes which rows the sample keeps, but a synchronized scan starts wherever another scan is, so
  // LIMIT would keep a different subset each run: ordering by id makes the subset repeatable.
  const rows = await db().$queryRaw<SampledPatient[]>`
    SELECT id::text AS id, mrn, first_name AS "firstName", last_name AS "lastName",
           to_char(birth_date, 'YYYY-MM-DD') AS "birthDate"
    FROM patients TABLESAMPLE BERNOULLI (${percent}) REPEATABLE (${seed})
    WHERE NOT restricted
    ORDER BY id
    LIMIT ${count}`;
  // Physical order would make consecutive requests read neighbouring heap pages; real traffic does not.
  return seededFaker(seed).helpers.shuffle(rows);
}

export function seededFaker(seed = SAMPLE_SEED): Faker {
  const faker = new Faker({ locale: [en] });
  faker.seed(seed);
  return faker;
}

/** Shorter words are matched as prefixes only (see search-sql.ts), so a typo in them is not expected to match. */
export const MIN_TYPO_TOLERANT_LENGTH = 4;

/**
 * `word` with two neighbouring letters swapped ("John" → "Jonh"), the commonest typing slip; the first letter is
 * kept, as people rarely get it wrong. Null when the word is too short or has no two different neighbours to swap.
 */
export function transposeTwoLetters(word: string, faker: Faker): string | null {
  if (word.length < MIN_TYPO_TOLERANT_LENGTH) return null;
  const positions: number[] = [];
  for (let index = 1; index < word.length - 1; index += 1) {
    const [left, right] = [word[index] ?? "", word[index + 1] ?? ""];
    if (/\p{L}/u.test(left) && /\p{L}/u.test(right) && left !== right) positions.push(index);
  }
  if (positions.length === 0) return null;
  const at = faker.helpers.arrayElement(positions);
  return `${word.slice(0, at)}${word[at + 1] ?? ""}${word[at] ?? ""}${word.slice(at + 2)}`;
}
