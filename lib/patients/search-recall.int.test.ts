import { Faker, en } from "@faker-js/faker";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { searchPatients } from "@/lib/patients/queries";
import { PatientSearchCriteria } from "@/lib/patients/search-schema";
import { TYPO_KINDS, misspell, type TypoKind } from "@/lib/patients/testing/typos";
import { buildPools } from "@/lib/seed/bulk/pools";
import { contextFor } from "@/lib/testing/auth-context";

// Name search must find who was meant despite a typo. The patients here carry the bulk seeder's names (the same
// 2,000-odd first and last names as the benchmark's million patients, so every misspelling meets the same
// neighbouring names in the dictionary); each kind of slip is made in the first and the last name of 50 of them, by
// seeded generators, so the test asks the same questions every run.

const PATIENTS = 3_000;
const NAMES_PER_KIND = 50;
/** At most one of the 50 may miss the first page: a slip can turn one real name into another ("Lane" → "Lake"). */
const MIN_ON_FIRST_PAGE = 49;

interface Seeded {
  id: string;
  firstName: string;
  lastName: string;
}

let patients: Seeded[] = [];

/** Every first name of the pools at least once, each with a surname drawn by a seeded generator. */
function seededNames(): { firstName: string; lastName: string }[] {
  const pools = buildPools(20261204);
  const faker = new Faker({ locale: [en] });
  faker.seed(20261204);
  const firstNames = [...new Set([...pools.femaleFirst, ...pools.maleFirst])];
  return Array.from({ length: PATIENTS }, (_, index) => ({
    firstName: firstNames[index % firstNames.length] ?? "",
    lastName: faker.helpers.arrayElement(pools.last),
  }));
}

beforeAll(async () => {
  const names = seededNames();
  await db().patient.createMany({
    data: names.map((name, index) => ({
      ...name,
      mrn: `RECALL${String(index).padStart(5, "0")}`,
      birthDate: new Date("1970-01-01T00:00:00Z"),
    })),
  });
  patients = await db().patient.findMany({
    where: { mrn: { startsWith: "RECALL" } },
    orderBy: { mrn: "asc" },
    select: { id: true, firstName: true, lastName: true },
  });
}, 60_000);

/** The first NAMES_PER_KIND patients whose first and last name can both take this slip, misspelt. */
function misspeltFullNames(kind: TypoKind) {
  const faker = new Faker({ locale: [en] });
  faker.seed(TYPO_KINDS.indexOf(kind) + 1);
  return patients
    .flatMap((patient) => {
      const first = misspell(kind, patient.firstName, faker);
      const last = misspell(kind, patient.lastName, faker);
      return first && last ? [{ name: `${first} ${last}`, target: patient.id }] : [];
    })
    .slice(0, NAMES_PER_KIND);
}

describe("name search recall: one slip in the first and the last name", () => {
  it("seeds the patients it means to", () => {
    expect(patients).toHaveLength(PATIENTS);
  });

  it.each(TYPO_KINDS)("finds the intended patient on the first page for 49 of 50 names (%s in each)", async (kind) => {
    const names = misspeltFullNames(kind);
    expect(names).toHaveLength(NAMES_PER_KIND);
    const missed: string[] = [];
    for (const { name, target } of names) {
      const page = await searchPatients(contextFor("clinician"), PatientSearchCriteria.parse({ name }));
      if (!page.data.some((patient) => patient.id === target)) missed.push(name);
    }
    expect(missed.length, `missed: ${missed.join(", ")}`).toBeLessThanOrEqual(NAMES_PER_KIND - MIN_ON_FIRST_PAGE);
  });

  it("finds a short name whose swapped letters share too few trigrams with it to be similar", async () => {
    const lukas = await db().patient.create({
      data: { mrn: "RECALL-LUKAS", firstName: "Lukas", lastName: "Oyelaran", birthDate: new Date("1980-01-01T00:00:00Z") },
      select: { id: true },
    });
    const page = await searchPatients(contextFor("clinician"), PatientSearchCriteria.parse({ name: "Lkuas Oyelarna" }));
    expect(page.data[0]?.id).toBe(lukas.id);
  });
});
