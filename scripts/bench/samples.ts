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
