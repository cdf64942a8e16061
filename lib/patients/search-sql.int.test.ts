import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inTransaction } from "@/lib/db/transaction";
import { PatientSearchCriteria } from "@/lib/patients/search-schema";
import { searchPatientIds } from "@/lib/patients/search";
import { runPatientSearch, type PatientIdPage } from "@/lib/patients/search-sql";
import { insertPatient, uniqueMrn } from "@/lib/patients/testing/factories";

// The benchmark compares searchPatients with the same statements sent through plain pg: both drivers must get
// the same answer from them.

const family = `Okafor${Math.random().toString(36).slice(2, 6)}`;
const mrnStem = uniqueMrn("Q");
const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
let ada: { id: string };

async function throughPg(criteria: PatientSearchCriteria): Promise<PatientIdPage> {
  await client.query("BEGIN");
  try {
    return await runPatientSearch(async (statement) => (await client.query(statement.text, statement.values)).rows, criteria);
  } finally {
    await client.query("ROLLBACK");
  }
}

const throughPrisma = (criteria: PatientSearchCriteria) => inTransaction((tx) => searchPatientIds(tx, criteria));

beforeAll(async () => {
  await client.connect();
  ada = await insertPatient({ firstName: "Adaeze", lastName: family, mrn: `${mrnStem}01`, birthDate: new Date("1961-07-30T00:00:00Z") });
  await insertPatient({ firstName: "Chinedu", lastName: family, mrn: `${mrnStem}02`, birthDate: new Date("1961-07-31T00:00:00Z") });
  await insertPatient({ firstName: "Ngozi", lastName: family, mrn: `${mrnStem}03`, birthDate: new Date("1990-01-01T00:00:00Z") });
});

afterAll(async () => {
  await client.end();
});

describe("runPatientSearch through pg and through Prisma", () => {
  const misspelt = `${family.slice(0, 2)}${family[3]}${family[2]}${family.slice(4)}`;
  const cases: Record<string, Record<string, string>> = {
    "a misspelt first and last name": { name: `Adaeez ${misspelt}` },
    "a birth date": { birthDate: "1961-07-30", lastName: family },
    "an MRN prefix, sorted, second page": { mrn: mrnStem, mrnPrefix: "true", sort: "-mrn", page: "2", pageSize: "2" },
  };

  it.each(Object.entries(cases))("answer the same for %s", async (_, query) => {
    const criteria = PatientSearchCriteria.parse(query);
    const [viaPg, viaPrisma] = [await throughPg(criteria), await throughPrisma(criteria)];
    expect(viaPg).toEqual(viaPrisma);
    expect(viaPg.ids.length).toBeGreaterThan(0);
  });

  it("find the intended patient first by a misspelt name, and exactly by birth date", async () => {
    const byName = await throughPg(PatientSearchCriteria.parse(cases["a misspelt first and last name"]));
    expect(byName.ids[0]).toBe(ada.id);
    const byBirthDate = await throughPg(PatientSearchCriteria.parse(cases["a birth date"]));
    expect(byBirthDate).toEqual({ ids: [ada.id], total: 1, totalIsEstimate: false });
  });
});
