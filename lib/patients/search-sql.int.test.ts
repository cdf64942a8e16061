import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { searchPatients } from "@/lib/patients/queries";
import { PatientSearchCriteria } from "@/lib/patients/search-schema";
import {
  NAME_SIMILARITY_THRESHOLD,
  nameWords,
  runPatientSearch,
  type PatientIdPage,
} from "@/lib/patients/search-sql";
import { insertPatient, uniqueMrn } from "@/lib/patients/testing/factories";
import { contextFor } from "@/lib/testing/auth-context";

// The benchmark compares searchPatients with the same statements sent through a plain pg connection: both must
// get the same answer from them.

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

async function throughSearchPatients(criteria: PatientSearchCriteria): Promise<PatientIdPage> {
  const page = await searchPatients(contextFor("clinician"), criteria);
  return { ids: page.data.map((patient) => patient.id), total: page.total, totalIsEstimate: page.totalIsEstimate };
}

beforeAll(async () => {
  await client.connect();
  ada = await insertPatient({ firstName: "Adaeze", lastName: family, mrn: `${mrnStem}01`, birthDate: new Date("1961-07-30T00:00:00Z") });
  await insertPatient({ firstName: "Chinedu", lastName: family, mrn: `${mrnStem}02`, birthDate: new Date("1961-07-31T00:00:00Z") });
  await insertPatient({ firstName: "Ngozi", lastName: family, mrn: `${mrnStem}03`, birthDate: new Date("1990-01-01T00:00:00Z") });
});

afterAll(async () => {
  await client.end();
});

describe("runPatientSearch on a plain pg connection and in searchPatients", () => {
  const misspelt = `${family.slice(0, 2)}${family[3]}${family[2]}${family.slice(4)}`;
  const cases: Record<string, Record<string, string>> = {
    "a misspelt first and last name": { name: `Adaeez ${misspelt}` },
    "a birth date": { birthDate: "1961-07-30", lastName: family },
    "an MRN prefix, sorted, second page": { mrn: mrnStem, mrnPrefix: "true", sort: "-mrn", page: "2", pageSize: "2" },
  };

  it.each(Object.entries(cases))("answer the same for %s", async (_, query) => {
    const criteria = PatientSearchCriteria.parse(query);
    const [viaPg, viaApp] = [await throughPg(criteria), await throughSearchPatients(criteria)];
    expect(viaPg).toEqual(viaApp);
    expect(viaPg.ids.length).toBeGreaterThan(0);
  });

  it("find the intended patient first by a misspelt name, and exactly by birth date", async () => {
    const byName = await throughPg(PatientSearchCriteria.parse(cases["a misspelt first and last name"]));
    expect(byName.ids[0]).toBe(ada.id);
    const byBirthDate = await throughPg(PatientSearchCriteria.parse(cases["a birth date"]));
    expect(byBirthDate).toEqual({ ids: [ada.id], total: 1, totalIsEstimate: false });
  });
});

/**
 * What a name search matched before the name dictionary: each word against every patient's names directly, by
 * similarity or one typo (words of 4+ characters) or as a case-insensitive prefix. The dictionary must change speed,
 * not results.
 */
async function matchedDirectly(name: string): Promise<string[]> {
  const conditions: string[] = [];
  const values: string[] = [];
  const parameter = (value: string) => `$${values.push(value)}`;
  for (const word of nameWords(name)) {
    const prefix = parameter(`${word.replace(/[\\%_]/g, (character) => `\\${character}`)}%`);
    const byPrefix = `p.first_name ILIKE ${prefix} OR p.last_name ILIKE ${prefix}`;
    if (word.length < 4) {
      conditions.push(`(${byPrefix})`);
      continue;
    }
    const similar = parameter(word);
    const oneTypo = (column: string) => `patient_name_edit_keys(${column}) && patient_name_edit_keys(${similar})`;
    conditions.push(`(p.first_name % ${similar} OR p.last_name % ${similar} OR ${oneTypo("p.first_name")} OR ${oneTypo("p.last_name")} OR ${byPrefix})`);
  }
  await client.query("BEGIN");
  try {
    await client.query("SELECT set_config('pg_trgm.similarity_threshold', $1, true)", [String(NAME_SIMILARITY_THRESHOLD)]);
    const result = await client.query<{ id: string }>(`SELECT p.id FROM patients p WHERE ${conditions.join(" AND ")}`, values);
    return result.rows.map((row) => row.id).sort();
  } finally {
    await client.query("ROLLBACK");
  }
}

const dictionaryHas = async (words: string[]) =>
  (await db().patientNameWord.findMany({ where: { word: { in: words } }, select: { word: true } })).map((row) => row.word).sort();

describe("name search through the name dictionary", () => {
  let john: { id: string };
  let johanna: { id: string };

  beforeAll(async () => {
    john = await insertPatient({ firstName: "John", lastName: "Smith" });
    johanna = await insertPatient({ firstName: "Johanna", lastName: "Smithson", restricted: true });
    await insertPatient({ firstName: "Jon", lastName: "Smyth" });
    await insertPatient({ firstName: "Jane", lastName: "Smith" });
    await insertPatient({ firstName: "Bob", lastName: "Jones" });
    await insertPatient({ firstName: "Ana", lastName: "Li" });
    await insertPatient({ firstName: "Smith", lastName: "Walker" });
    // "Wolf" is too short a part of this name to reach the similarity threshold: only the prefix finds it.
    await insertPatient({ firstName: "Hubert", lastName: "Wolfeschlegelstein" });
  });

  const names = ["Jonh Smiht", "Smi", "smith", "JOHN", "Jo Smi", "Jo", "Li", "Smyth", "Johana Smithsno", "Zzzz", "a", "Jon_es", "Wolf", "hube WOLFE", "Jnoh Smtih"];

  it.each(names)("matches the same patients as matching every patient's names directly: %s", async (name) => {
    const found = await throughPg(PatientSearchCriteria.parse({ name, pageSize: "100" }));
    expect([...found.ids].sort()).toEqual(await matchedDirectly(name));
    expect(found.total).toBe(found.ids.length);
  });

  it("finds a misspelt name first, a prefix, and either case", async () => {
    const misspelt = await throughPg(PatientSearchCriteria.parse({ name: "Jonh Smiht" }));
    expect(misspelt.ids[0]).toBe(john.id);
    // "Jnoh" shares one trigram with John (similarity 0.11): only the edit keys find it.
    const swappedEarly = await throughPg(PatientSearchCriteria.parse({ name: "Jnoh Smtih" }));
    expect(swappedEarly.ids[0]).toBe(john.id);
    const prefix = await throughPg(PatientSearchCriteria.parse({ name: "Smi", sort: "name" }));
    expect(prefix.ids).toContain(john.id);
    const shouted = await throughPg(PatientSearchCriteria.parse({ name: "JOHN SMITH" }));
    expect(shouted.ids[0]).toBe(john.id);
    const longPrefix = await throughPg(PatientSearchCriteria.parse({ name: "Wolf" }));
    expect(longPrefix.ids).toHaveLength(1);
  });

  it("lists a restricted patient found by name, flagged", async () => {
    const result = await searchPatients(contextFor("clinician"), PatientSearchCriteria.parse({ name: "Johana Smithsno" }));
    expect(result.data[0]).toMatchObject({ id: johanna.id, restricted: true });
  });

  it("learns the names of inserted and renamed patients, several rows in one statement too", async () => {
    await db().patient.createMany({
      data: [
        { mrn: uniqueMrn("N"), firstName: "Quentavius", lastName: "Brightwater", birthDate: new Date("1990-01-01T00:00:00Z") },
        { mrn: uniqueMrn("N"), firstName: "Quentavius", lastName: "Oakhollow", birthDate: new Date("1991-01-01T00:00:00Z") },
      ],
    });
    expect(await dictionaryHas(["Brightwater", "Oakhollow", "Quentavius"])).toEqual(["Brightwater", "Oakhollow", "Quentavius"]);
    const renamed = await insertPatient({ firstName: "Marguerite", lastName: "Fenwick" });
    await db().patient.update({ where: { id: renamed.id }, data: { lastName: "Fenwicke-Hale" } });
    expect(await dictionaryHas(["Fenwick", "Fenwicke-Hale", "Marguerite"])).toEqual(["Fenwick", "Fenwicke-Hale", "Marguerite"]);
    const found = await throughPg(PatientSearchCriteria.parse({ name: "Margeurite Fenwikce-Hale" }));
    expect(found.ids).toEqual([renamed.id]);
  });
});
