import { describe, expect, it } from "vitest";
import type { SqlRunner } from "@/lib/db/sql-transaction";
import type { Prisma } from "@/lib/generated/prisma/client";
import { PatientSearchCriteria } from "@/lib/patients/search-schema";
import {
  EXACT_COUNT_LIMIT,
  cappedCountStatement,
  nameMatchesStatement,
  needsSimilarityThreshold,
  patientPageStatement,
  runPatientSearch,
  type WordMatch,
} from "@/lib/patients/search-sql";

const criteria = (query: Record<string, string>) => PatientSearchCriteria.parse(query);

/** What the dictionary answers for one word: these names, each as similar as the next. */
const matching = (...names: string[]): WordMatch => ({ names, scores: names.map(() => 0.5) });

/** A runner that answers from a script and records what it was asked, in order. */
function scriptedRunner(answers: Record<string, unknown>[][]) {
  const statements: Prisma.Sql[] = [];
  const run: SqlRunner = async <Row extends Record<string, unknown>>(statement: Prisma.Sql) => {
    statements.push(statement);
    return (answers.shift() ?? []) as Row[];
  };
  return { run, statements };
}

describe("search statements", () => {
  it("use numbered placeholders with the values in order, for pg as for Prisma", () => {
    const statement = patientPageStatement(criteria({ mrn: "MRN-1", gender: "male", page: "3", pageSize: "10" }));
    expect(statement.text).toMatch(/WHERE i\.value = \$1 AND i\.identifier_type <> 'SS'\) AND p\.gender = \$2::"Gender"/);
    expect(statement.text).toMatch(/LIMIT \$3 OFFSET \$4/);
    expect(statement.values).toEqual(["MRN-1", "male", 10, 20]);
  });

  it("find a patient by any identifier, in one assigning authority when given, and list live patients only by default", () => {
    const inAuthority = patientPageStatement(criteria({ mrn: "12345", mrnAuthority: "ST-MARY" }));
    expect(inAuthority.text).toContain("i.value = $1 AND i.identifier_type <> 'SS' AND i.assigning_authority = $2");
    expect(inAuthority.text).toContain("p.merged_into_id IS NULL");
    expect(inAuthority.values.slice(0, 2)).toEqual(["12345", "ST-MARY"]);
    const prefix = patientPageStatement(criteria({ mrn: "12", mrnPrefix: "true", mrnAuthority: "LOCAL" }));
    expect(prefix.text).toContain("p.mrn_authority = $4");
    const withMerged = patientPageStatement(criteria({ mrn: "12345", includeMerged: "true" }));
    expect(withMerged.text).not.toContain("merged_into_id");
  });

  it("leave merged records out of a name search by an anti-join, so the names' index entries stay all it reads", () => {
    const statement = patientPageStatement(criteria({ name: "Smith", sort: "name" }), [matching("Smith")]);
    expect(statement.text).toContain("NOT EXISTS (SELECT 1 FROM patients merged WHERE merged.merged_into_id IS NOT NULL AND merged.id = n.id)");
    expect(statement.text).not.toContain("p.merged_into_id");
  });

  it("pass a birth date as a calendar date string, which every driver sends unchanged", () => {
    const statement = cappedCountStatement(criteria({ birthDate: "1975-02-03" }));
    expect(statement.text).toContain("p.birth_date = $1::date");
    expect(statement.values).toEqual(["1975-02-03", EXACT_COUNT_LIMIT + 1]);
  });

  it("count within the page query only when ranking by relevance, which scores every match anyway", () => {
    const names = [matching("John"), matching("Smith")];
    expect(patientPageStatement(criteria({ name: "Jonh Smiht" }), names).text).toContain("count(*) OVER ()");
    expect(patientPageStatement(criteria({ name: "Jonh Smiht", sort: "name" }), names).text).not.toContain("OVER");
    expect(patientPageStatement(criteria({ name: "Jo" }), [matching("Joe", "John")]).text).not.toContain("OVER");
  });

  it("look each name word up in the name dictionary: by similarity, edit key or prefix, short words by prefix only", () => {
    const statement = nameMatchesStatement(["Jonh", "Sm_"]);
    expect(statement.text).toContain("similarity(word, $1) + (edit_keys && patient_name_edit_keys($2))::int");
    expect(statement.text).toContain("WHERE word % $3 OR edit_keys && patient_name_edit_keys($4) OR word ILIKE $5");
    expect(statement.text).toContain("WHERE word ILIKE $8");
    expect(statement.text).not.toContain("word % $6");
    expect(statement.values).toEqual(["Jonh", "Jonh", "Jonh", "Jonh", "Jonh%", "Sm_", "Sm_", "Sm\\_%"]);
  });

  it("match patients by the exact names each word matched, as array parameters", () => {
    const statement = patientPageStatement(criteria({ name: "Jonh Smiht", sort: "name" }), [matching("John", "Jon"), matching("Smith")]);
    const sameWord = "(first_name = ANY ($2::text[]) OR last_name = ANY ($3::text[]))";
    expect(statement.text).toContain(`WHERE last_name = ANY ($1::text[]) AND ${sameWord}`);
    expect(statement.text).toContain("WHERE first_name = ANY ($4::text[]) AND last_name <> ALL ($5::text[]) AND");
    expect(statement.values.slice(0, 5)).toEqual([["John", "Jon"], ["Smith"], ["Smith"], ["John", "Jon"], ["John", "Jon"]]);
  });

  it("read a search by name alone from the name indexes, and the table only for other filters and sorts", () => {
    const names = [matching("Smith")];
    const byName = patientPageStatement(criteria({ name: "Smiht" }), names).text;
    expect(byName.replace("LEFT JOIN patients p ON p.id = n.id", "")).not.toMatch(/\bp\./);
    expect(patientPageStatement(criteria({ name: "Smiht", lastName: "Smi" }), names).text).toContain("n.last_name ILIKE");
    expect(patientPageStatement(criteria({ name: "Smiht", gender: "female" }), names).text).toContain("p.gender = ");
    expect(patientPageStatement(criteria({ name: "Smiht", sort: "birthDate" }), names).text).toContain("ORDER BY p.birth_date");
  });

  it("rank by how similar each word's matched names are, passed as parameters", () => {
    const statement = patientPageStatement(criteria({ name: "Smiht" }), [{ names: ["Smith", "Smyth"], scores: [0.4, 0.3] }]);
    expect(statement.text).toMatch(/ORDER BY GREATEST\(COALESCE\(\(\$\d+::real\[\]\)\[array_position\(\$\d+::text\[\], n\.first_name::text\)\], 0\)/);
    expect(statement.values).toContainEqual([0.4, 0.3]);
  });

  it("refuse names that do not line up with the words of the query", () => {
    expect(() => patientPageStatement(criteria({ name: "Jonh Smiht" }), [matching("John")])).toThrow(/2 words/);
  });

  it("need the similarity threshold only for words long enough to match by similarity", () => {
    expect(needsSimilarityThreshold(criteria({ name: "Jonh" }))).toBe(true);
    expect(needsSimilarityThreshold(criteria({ name: "Jo Li" }))).toBe(false);
    expect(needsSimilarityThreshold(criteria({ mrn: "MRN-1" }))).toBe(false);
  });
});

describe("runPatientSearch", () => {
  it("sets the threshold first, looks the words up, then takes the total from the ranked page", async () => {
    const names = [{ names: [matching("John"), matching("Smith", "Smit")] }];
    const { run, statements } = scriptedRunner([[], names, [{ id: "a", total: 40 }, { id: "b", total: 40 }]]);
    const page = await runPatientSearch(run, criteria({ name: "Jonh Smiht" }));
    expect(page).toEqual({ ids: ["a", "b"], total: 40, totalIsEstimate: false });
    expect(statements.map((statement) => statement.text)).toEqual([
      expect.stringContaining("set_config('pg_trgm.similarity_threshold'"),
      expect.stringContaining("FROM patient_name_words"),
      expect.stringContaining("SELECT n.id, count(*) OVER ()"),
    ]);
    expect(statements[2]?.values.slice(0, 3)).toEqual([["John"], ["Smith", "Smit"], ["Smith", "Smit"]]);
  });

  it("looks short words up without setting the threshold, and never the dictionary without a name", async () => {
    const short = scriptedRunner([[{ names: [matching("Jo", "John")] }], [{ id: "a" }]]);
    await runPatientSearch(short.run, criteria({ name: "Jo" }));
    expect(short.statements[0]?.text).toContain("FROM patient_name_words");
    const byMrn = scriptedRunner([[{ id: "a" }]]);
    await runPatientSearch(byMrn.run, criteria({ mrn: "MRN-1" }));
    expect(byMrn.statements.map((statement) => statement.text).join()).not.toContain("patient_name_words");
  });

  it("does not count when the page is not full: it is the last one", async () => {
    const { run, statements } = scriptedRunner([[{ id: "a" }, { id: "b" }]]);
    const page = await runPatientSearch(run, criteria({ lastName: "Smith", page: "2", pageSize: "25" }));
    expect(page).toEqual({ ids: ["a", "b"], total: 27, totalIsEstimate: false });
    expect(statements).toHaveLength(1);
  });

  it("counts a full page, and estimates past the exact-count limit", async () => {
    const full = Array.from({ length: 25 }, (_, index) => ({ id: `p${index}` }));
    const plan = [{ "QUERY PLAN": [{ Plan: { "Plan Rows": 250_000 } }] }];
    const { run, statements } = scriptedRunner([full, [{ count: EXACT_COUNT_LIMIT + 1 }], plan]);
    const page = await runPatientSearch(run, criteria({ gender: "female" }));
    expect(page).toMatchObject({ total: 250_000, totalIsEstimate: true });
    expect(statements[2]?.text).toContain("EXPLAIN (FORMAT JSON)");
  });

  it("counts when a ranked page past the end comes back empty", async () => {
    const { run } = scriptedRunner([[], [{ names: [matching("John")] }], [], [{ count: 3 }]]);
    const page = await runPatientSearch(run, criteria({ name: "Jonh", page: "5" }));
    expect(page).toEqual({ ids: [], total: 3, totalIsEstimate: false });
  });
});
