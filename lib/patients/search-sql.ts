import { Prisma } from "@/lib/generated/prisma/client";
import type { SqlRunner } from "@/lib/db/sql-transaction";
import type { PatientSearchCriteria } from "@/lib/patients/search-schema";

// Patient search in SQL: pg_trgm's % operator (typo tolerant) and ILIKE prefixes cannot be expressed through
// Prisma's query API. The statements are built here as Prisma.Sql ($1… placeholders in `.text`, parameters in
// `.values`) and run by runPatientSearch on the caller's connection: the application's pool in searchPatients, a
// separate plain pg.Pool in the benchmark's baseline, so both run exactly the same SQL.
//
// A name word is matched in two steps. First against the distinct first and last names (patient_name_words, a few
// thousand rows kept by triggers on patients): by trigram similarity, by edit key (one letter swapped, missing,
// added or wrong) or as a prefix. Then patients are found by exact name in the B-trees on
// (last_name, first_name, id) and (first_name, last_name, id). Those hold everything name search reads, so the
// thousands of patients who share a surname are read and ranked from the indexes alone (index-only scans), and the
// table is read only for the page's rows. Matching the word against a million patients' names directly reads the
// long GIN trigram posting lists of names that thousands of patients share.

/**
 * Trigram similarity a name word must reach (pg_trgm's default). It misses a single typo in a short name ("Jonh" vs
 * "John" is 0.25, "Lkuas" vs "Lukas" 0.2): those are found by edit key instead (withinOneEdit). A looser threshold
 * would only add dissimilar names for the B-tree lookups to read (8 names for "Jonh" at 0.25, 2 at 0.3).
 */
export const NAME_SIMILARITY_THRESHOLD = 0.3;

/** Words of a name query beyond this add cost, not precision. */
const MAX_NAME_WORDS = 4;

/** Counting stops here; larger result sets report the planner's estimate (an exact count of 1M rows is not cheap). */
export const EXACT_COUNT_LIMIT = 10_000;

export function nameWords(name: string): string[] {
  return name
    .split(/[\s,]+/)
    .filter((word) => word.length > 0)
    .slice(0, MAX_NAME_WORDS);
}

function likePrefix(word: string): string {
  return `${word.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}

/** Shorter words have too few trigrams for similarity to mean anything: they match as prefixes only. */
export const MIN_FUZZY_WORD_LENGTH = 4;

const isFuzzy = (word: string): boolean => word.length >= MIN_FUZZY_WORD_LENGTH;

const hasFuzzyWord = (criteria: PatientSearchCriteria): boolean =>
  criteria.name ? nameWords(criteria.name).some(isFuzzy) : false;

/**
 * A name one typo away from the word shares an edit key with it (patient_name_edit_keys, see the migration
 * 20261204211252_patient_name_edit_keys): the GIN index on patient_name_words.edit_keys finds it even where the two
 * share too few trigrams to reach the similarity threshold ("Lkuas" for Lukas).
 */
const withinOneEdit = (word: string): Prisma.Sql => Prisma.sql`edit_keys && patient_name_edit_keys(${word})`;

/**
 * How well a dictionary name matches the word: its trigram similarity (0–1), plus 1 when it is at most one typo
 * away. The exact name scores 2, a name with one slip in it above every name that is merely similar.
 */
const nameMatchScore = (word: string): Prisma.Sql => Prisma.sql`similarity(word, ${word}) + (${withinOneEdit(word)})::int`;

/**
 * The dictionary names one word matches (by similarity, within one typo, or as a prefix: "Smi" finds Smith; short
 * words as a prefix only), in order, each with its score (nameMatchScore), which ranks the patients who bear it.
 */
function dictionaryMatch(word: string): Prisma.Sql {
  const prefix = likePrefix(word);
  const condition = isFuzzy(word)
    ? Prisma.sql`word % ${word} OR ${withinOneEdit(word)} OR word ILIKE ${prefix}`
    : Prisma.sql`word ILIKE ${prefix}`;
  return Prisma.sql`(SELECT json_build_object(
      'names', COALESCE(json_agg(word ORDER BY word), '[]'),
      'scores', COALESCE(json_agg(${nameMatchScore(word)} ORDER BY word), '[]'))
    FROM patient_name_words WHERE ${condition})`;
}

/** For each word of the name query, in order, the names it matches (one row, `names`: a JSON array of WordMatch). */
export function nameMatchesStatement(words: readonly string[]): Prisma.Sql {
  return Prisma.sql`SELECT json_build_array(${Prisma.join(words.map(dictionaryMatch))}) AS names`;
}

/** The first and last names one word of a name query matches, and how well each matches it (aligned by index). */
export interface WordMatch {
  names: readonly string[];
  scores: readonly number[];
}

/** Per word of the name query, in order (from nameMatchesStatement). */
export type NameMatches = readonly WordMatch[];

/**
 * A patient matches a word when their first or last name is one the word matches. The names go in as parameters,
 * so the planner sees how many there are and estimates the B-tree lookups (and the count estimate) from them.
 * Unqualified: it filters the index scans of matchedByName.
 */
function nameWordCondition(match: WordMatch): Prisma.Sql {
  const names = [...match.names];
  return Prisma.sql`(first_name = ANY (${names}::text[]) OR last_name = ANY (${names}::text[]))`;
}

/** Where a statement reads patients from: `alias` holds each match's id, first_name and last_name, `p` the rest. */
interface PatientSource {
  from: Prisma.Sql;
  alias: Prisma.Sql;
  /** The matches come from the names' index entries (`n`), `p` joined only for what else the statement reads. */
  byName: boolean;
}

/**
 * A name search reads the names' index entries: the patients whose last name the first word matches, then those
 * whose first name it matches and last name does not (so none is listed twice), both filtered by the other words.
 * PostgreSQL drops the LEFT JOIN to `p` when the statement reads nothing from it (the join is on the primary key),
 * so a search by name alone never reads the table.
 */
function matchedByName([first, ...others]: readonly [WordMatch, ...WordMatch[]]): PatientSource {
  const firstNames = [...first.names];
  const otherWords = others.length > 0 ? Prisma.sql` AND ${Prisma.join(others.map(nameWordCondition), " AND ")}` : Prisma.empty;
  return {
    from: Prisma.sql`(
      SELECT id, first_name, last_name FROM patients
      WHERE last_name = ANY (${firstNames}::text[])${otherWords}
      UNION ALL
      SELECT id, first_name, last_name FROM patients
      WHERE first_name = ANY (${firstNames}::text[]) AND last_name <> ALL (${firstNames}::text[])${otherWords}
    ) n LEFT JOIN patients p ON p.id = n.id`,
    alias: Prisma.raw("n"),
    byName: true,
  };
}

function patientSource(criteria: PatientSearchCriteria, names: NameMatches): PatientSource {
  const words = criteria.name ? nameWords(criteria.name) : [];
  if (names.length !== words.length) throw new Error(`Expected the names of ${words.length} words, got ${names.length}.`);
  const [first, ...others] = names;
  return first ? matchedByName([first, ...others]) : { from: Prisma.sql`patients p`, alias: Prisma.raw("p"), byName: false };
}

/**
 * MRNs starting with `prefix`, as a range the unique B-tree answers (LIKE alone cannot use it outside the "C"
 * collation; a varchar_pattern_ops index would, but Prisma's schema cannot declare one without drift). The range is
 * exact in code-point collations (C, C.UTF-8, what our databases use); LIKE re-checks it so no other MRN slips in.
 */
function mrnPrefixCondition(prefix: string): Prisma.Sql {
  return Prisma.sql`p.mrn >= ${prefix} AND p.mrn < ${`${prefix}\u{10FFFF}`} AND p.mrn LIKE ${likePrefix(prefix)}`;
}

/** A calendar date as "YYYY-MM-DD": drivers serialize a Date differently (pg in local time), a date string is exact. */
const calendarDate = (date: Date): string => date.toISOString().slice(0, 10);

/**
 * A patient holding this identifier, of any type but SS (an SSN is never a search key here), from any assigning
 * authority unless one is given: the index on patient_identifiers.value finds the few rows, the primary key the
 * patients. A merged record's identifiers moved to the patient it went into, so its old MRN finds the survivor.
 */
function identifierCondition(value: string, authority: string | undefined): Prisma.Sql {
  const byAuthority = authority === undefined ? Prisma.empty : Prisma.sql` AND i.assigning_authority = ${authority}`;
  return Prisma.sql`p.id IN (SELECT i.patient_id FROM patient_identifiers i
    WHERE i.value = ${value} AND i.identifier_type <> 'SS'${byAuthority})`;
}

function mrnConditions(criteria: PatientSearchCriteria): Prisma.Sql[] {
  const { mrn, mrnAuthority } = criteria;
  if (mrn && !criteria.mrnPrefix) return [identifierCondition(mrn, mrnAuthority)];
  const parts = mrn ? [mrnPrefixCondition(mrn)] : [];
  if (mrnAuthority !== undefined) parts.push(Prisma.sql`p.mrn_authority = ${mrnAuthority}`);
  return parts;
}

/**
 * Merged records are not live patients. A name search reads only the names' index entries (matchedByName), so it
 * leaves them out by an anti-join on the few merged rows (patients_merged_into_id_idx) instead of reading every
 * match's row.
 */
function liveOnly({ alias, byName }: PatientSource): Prisma.Sql {
  if (!byName) return Prisma.sql`p.merged_into_id IS NULL`;
  return Prisma.sql`NOT EXISTS (SELECT 1 FROM patients merged WHERE merged.merged_into_id IS NOT NULL AND merged.id = ${alias}.id)`;
}

function conditions(criteria: PatientSearchCriteria, source: PatientSource): Prisma.Sql {
  const { alias } = source;
  const parts: Prisma.Sql[] = [];
  if (criteria.firstName) parts.push(Prisma.sql`${alias}.first_name ILIKE ${likePrefix(criteria.firstName)}`);
  if (criteria.lastName) parts.push(Prisma.sql`${alias}.last_name ILIKE ${likePrefix(criteria.lastName)}`);
  parts.push(...mrnConditions(criteria));
  if (criteria.birthDate) parts.push(Prisma.sql`p.birth_date = ${calendarDate(criteria.birthDate)}::date`);
  if (criteria.gender) parts.push(Prisma.sql`p.gender = ${criteria.gender}::"Gender"`);
  if (criteria.sourceEmr) parts.push(Prisma.sql`p.source_emr = ${criteria.sourceEmr}`);
  if (!criteria.includeMerged) parts.push(liveOnly(source));
  return parts.length === 0 ? Prisma.sql`TRUE` : Prisma.join(parts, " AND ");
}

/** How well a name the word matched matches it (nameMatchScore); 0 for a name it did not match. */
function nameScore(match: WordMatch, name: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`COALESCE((${[...match.scores]}::real[])[array_position(${[...match.names]}::text[], ${name}::text)], 0)`;
}

/** Per word, the closer of the patient's first and last name to it, summed: the best matches come first. */
function relevance(names: NameMatches, alias: Prisma.Sql): Prisma.Sql {
  const scores = names.map(
    (match) => Prisma.sql`GREATEST(${nameScore(match, Prisma.sql`${alias}.first_name`)}, ${nameScore(match, Prisma.sql`${alias}.last_name`)})`,
  );
  return Prisma.join(scores, " + ");
}

/** Without an explicit sort, a name search lists the closest matches first. */
const ranksByRelevance = (criteria: PatientSearchCriteria): boolean => criteria.sort === undefined && hasFuzzyWord(criteria);

function orderBy(criteria: PatientSearchCriteria, names: NameMatches, { alias }: PatientSource): Prisma.Sql {
  const direction = criteria.dir === "desc" ? Prisma.sql`DESC` : Prisma.sql`ASC`;
  switch (criteria.sort) {
    case "mrn":
      // An MRN is unique only within its assigning authority: the authority and id make the order total.
      return Prisma.sql`p.mrn ${direction}, p.mrn_authority ${direction}, p.id ${direction}`;
    case "birthDate":
      return Prisma.sql`p.birth_date ${direction}, ${alias}.id ${direction}`;
    case "updatedAt":
      return Prisma.sql`p.updated_at ${direction}, ${alias}.id ${direction}`;
    case "name":
      return Prisma.sql`${alias}.last_name ${direction}, ${alias}.first_name ${direction}, ${alias}.id ${direction}`;
    case undefined: {
      const byName = Prisma.sql`${alias}.last_name ASC, ${alias}.first_name ASC, ${alias}.id ASC`;
      return ranksByRelevance(criteria) ? Prisma.sql`${relevance(names, alias)} DESC, ${byName}` : byName;
    }
  }
}

/** Sets the similarity threshold for this transaction only (SET LOCAL), so the pooled connection goes back unchanged. */
export function similarityThresholdStatement(): Prisma.Sql {
  return Prisma.sql`SELECT set_config('pg_trgm.similarity_threshold', ${String(NAME_SIMILARITY_THRESHOLD)}, true)`;
}

/** Whether the name lookup uses % and so needs similarityThresholdStatement() first, in the same transaction. */
export const needsSimilarityThreshold = hasFuzzyWord;

/**
 * One page of matching ids, in order. A relevance-ranked search has to score every match before it can take the
 * first page, so it counts them in the same pass (`total`, a window count over the matches) instead of a second query.
 */
export function patientPageStatement(criteria: PatientSearchCriteria, names: NameMatches = []): Prisma.Sql {
  const source = patientSource(criteria, names);
  const total = ranksByRelevance(criteria) ? Prisma.sql`, count(*) OVER ()::int AS total` : Prisma.empty;
  const offset = (criteria.page - 1) * criteria.pageSize;
  return Prisma.sql`
    SELECT ${source.alias}.id${total} FROM ${source.from} WHERE ${conditions(criteria, source)}
    ORDER BY ${orderBy(criteria, names, source)} LIMIT ${criteria.pageSize} OFFSET ${offset}`;
}

/** How many match, counting no further than EXACT_COUNT_LIMIT + 1. */
export function cappedCountStatement(criteria: PatientSearchCriteria, names: NameMatches = []): Prisma.Sql {
  const source = patientSource(criteria, names);
  return Prisma.sql`
    SELECT count(*)::int AS count
    FROM (SELECT 1 FROM ${source.from} WHERE ${conditions(criteria, source)} LIMIT ${EXACT_COUNT_LIMIT + 1}) AS capped`;
}

/** The planner's estimate of how many match, for result sets too large to count. */
export function countEstimateStatement(criteria: PatientSearchCriteria, names: NameMatches = []): Prisma.Sql {
  const source = patientSource(criteria, names);
  return Prisma.sql`EXPLAIN (FORMAT JSON) SELECT 1 FROM ${source.from} WHERE ${conditions(criteria, source)}`;
}

export interface PatientIdPage {
  ids: string[];
  total: number;
  totalIsEstimate: boolean;
}

type NamesRow = { names: WordMatch[] };
type PageRow = { id: string; total?: number };
type CountRow = { count: number };
type PlanRow = { "QUERY PLAN": [{ Plan: { "Plan Rows": number } }] };

async function matchNames(run: SqlRunner, criteria: PatientSearchCriteria): Promise<NameMatches> {
  const words = criteria.name ? nameWords(criteria.name) : [];
  if (words.length === 0) return [];
  const [row] = await run<NamesRow>(nameMatchesStatement(words));
  return row?.names ?? [];
}

async function countMatches(
  run: SqlRunner,
  criteria: PatientSearchCriteria,
  names: NameMatches,
): Promise<Omit<PatientIdPage, "ids">> {
  const [capped] = await run<CountRow>(cappedCountStatement(criteria, names));
  const exact = capped?.count ?? 0;
  if (exact <= EXACT_COUNT_LIMIT) return { total: exact, totalIsEstimate: false };
  const [plan] = await run<PlanRow>(countEstimateStatement(criteria, names));
  const estimate = Math.round(plan?.["QUERY PLAN"][0].Plan["Plan Rows"] ?? 0);
  return { total: Math.max(estimate, exact), totalIsEstimate: true };
}

/**
 * The ids of one page of matches, in order, and how many match in all. `run` must execute every statement on one
 * connection inside one transaction (the similarity threshold is transaction-local).
 */
export async function runPatientSearch(run: SqlRunner, criteria: PatientSearchCriteria): Promise<PatientIdPage> {
  if (needsSimilarityThreshold(criteria)) await run(similarityThresholdStatement());
  const names = await matchNames(run, criteria);
  const rows = await run<PageRow>(patientPageStatement(criteria, names));
  const ids = rows.map((row) => row.id);
  const offset = (criteria.page - 1) * criteria.pageSize;
  const windowTotal = rows[0]?.total;
  if (windowTotal !== undefined) return { ids, total: windowTotal, totalIsEstimate: false };
  // A page that is not full (and not past the end) is the last one: the total needs no counting.
  if (rows.length < criteria.pageSize && (rows.length > 0 || offset === 0)) {
    return { ids, total: offset + rows.length, totalIsEstimate: false };
  }
  return { ids, ...(await countMatches(run, criteria, names)) };
}
