import { randomInt } from "node:crypto";
import type { Page } from "@playwright/test";
import { closeDatabase, database } from "@/e2e/access/database";
import { expect, test } from "./fixtures";

// Patient search as a clinician uses it: several searches in a row, typed into the one search form, with sorting,
// paging, Back and Forward in between. At every step the page must show exactly one search form, holding the
// URL's query, and the results of that query. (A plain name search once left a disabled copy of the form behind,
// because the form and the results had the same React key; the console-error fixture fails on React's warning.)

const FIRST_NAMES = [
  "Amara", "Bertil", "Cosima", "Dorian", "Evander", "Florian", "Galina", "Hollis", "Ingrid", "Jasper",
  "Kestrel", "Lavinia", "Marisol", "Nikolai", "Octavia", "Perpetua", "Quillon", "Rosalind", "Soren", "Thaddeus",
  "Ursula", "Valentin", "Wilhelmina", "Xanthe", "Yorick", "Zenobia", "Anselm", "Briony", "Cassius", "Delphine",
] as const;

/** A surname of letters only that no other patient has (search matches words, so no digits). */
function uniqueSurname(): string {
  const letters = Array.from({ length: 6 }, () => String.fromCharCode(97 + randomInt(26))).join("");
  return `Marchbanks${letters}`;
}

const family = uniqueSurname();
/** MRNs in first-name order, so sorting by MRN lists the patients alphabetically. */
const mrnOf = (index: number) => `PS${family.slice(-6).toUpperCase()}${String(index + 1).padStart(2, "0")}`;
const rowName = (first: string) => `${family}, ${first}`;

test.beforeAll(async () => {
  const values = FIRST_NAMES.map((_, index) => `($${index * 3 + 1}, $${index * 3 + 2}, $${index * 3 + 3}, '1970-01-01', now())`);
  const parameters = FIRST_NAMES.flatMap((first, index) => [mrnOf(index), first, family]);
  await database().query(`INSERT INTO patients (mrn, first_name, last_name, birth_date, updated_at) VALUES ${values.join(", ")}`, parameters);
});

test.afterAll(async () => {
  await closeDatabase();
});

/** The one search form (a second, stale copy makes this fail), holding `name`. */
async function expectOneSearchForm(page: Page, name: string) {
  await expect(page.getByRole("search")).toHaveCount(1);
  await expect(page.locator('input[name="name"]')).toHaveCount(1);
  const form = page.getByRole("search", { name: "Patient search" });
  await expect(form.getByLabel("Name")).toHaveValue(name);
  await expect(form.getByRole("button", { name: "Apply filters" })).toBeEnabled();
}

/** Types `name` into the visible form and presses Enter, as a person would. */
async function searchFor(page: Page, name: string) {
  const field = page.getByRole("search", { name: "Patient search" }).getByLabel("Name");
  await field.fill(name);
  await field.press("Enter");
}

interface Expected {
  /** The query's name, as typed (and as the URL and the form must hold it). */
  name: string;
  /** Other URL parameters, exactly: none means the URL holds only the name. */
  params?: Record<string, string>;
  /** The patients listed, in order (first names). */
  rows: readonly string[];
  /** The pagination summary. */
  summary: string;
}

/** The URL holds the query, the form shows it, and the table lists exactly its results. */
async function expectResults(page: Page, expected: Expected) {
  await expect
    .poll(() => Object.fromEntries(new URL(page.url()).searchParams))
    .toEqual({ name: expected.name, ...expected.params });
  await expectOneSearchForm(page, expected.name);
  const table = page.getByRole("table", { name: "Patients" });
  await expect(table.getByRole("row")).toHaveCount(expected.rows.length + 1);
  await expect(table.getByRole("link")).toHaveText(expected.rows.map(rowName));
  await expect(page.getByRole("navigation", { name: "Pagination" }).getByText(expected.summary, { exact: true })).toBeVisible();
}

const byName = [...FIRST_NAMES].sort();
const byMrn = [...FIRST_NAMES];

test("five searches in a row, with sort, paging, Back and Forward: one form, results matching the URL", async ({ page, loginAs }) => {
  test.slow();
  await loginAs("clinician");
  await page.goto("/patients");
  await expectOneSearchForm(page, "");

  // 1. A plain name search: the URL holds only the filter.
  await searchFor(page, family);
  const everyone: Expected = { name: family, rows: byName.slice(0, 25), summary: "1–25 of 30 patients" };
  await expectResults(page, everyone);

  // 2. Another plain search, misspelt, typed into the same (single) form.
  const misspeltCosima = `Cosmia ${family}`;
  await searchFor(page, misspeltCosima);
  const cosima: Expected = { name: misspeltCosima, rows: ["Cosima"], summary: "1–1 of 1 patients" };
  await expectResults(page, cosima);

  // Back and Forward between the two plain searches.
  await page.goBack();
  await expectResults(page, everyone);
  await page.goForward();
  await expectResults(page, cosima);

  // 3. The whole family again, then sorted by MRN and on to page 2.
  await searchFor(page, family);
  await expectResults(page, everyone);
  await page.getByRole("columnheader", { name: /^MRN/ }).getByRole("button").click();
  const sorted = { sort: "mrn", dir: "asc" };
  await expectResults(page, { name: family, params: sorted, rows: byMrn.slice(0, 25), summary: "1–25 of 30 patients" });
  await page.getByRole("navigation", { name: "Pagination" }).getByRole("button", { name: "Next page" }).click();
  // Paging writes the page size too, and later searches keep it with the sort.
  const paged = { ...sorted, pageSize: "25" };
  const secondPage: Expected = { name: family, params: { ...paged, page: "2" }, rows: byMrn.slice(25), summary: "26–30 of 30 patients" };
  await expectResults(page, secondPage);

  // 4. A new search keeps the sort and page size and goes back to page 1.
  const misspeltDorian = `Dorain ${family}`;
  await searchFor(page, misspeltDorian);
  const dorian: Expected = { name: misspeltDorian, params: paged, rows: ["Dorian"], summary: "1–1 of 1 patients" };
  await expectResults(page, dorian);

  // Back to page 2 of the sorted list, Forward to the search again.
  await page.goBack();
  await expectResults(page, secondPage);
  await page.goForward();
  await expectResults(page, dorian);

  // 5. One more, after all that navigation, still in the one form.
  const evander = `Evander ${family}`;
  await searchFor(page, evander);
  await expectResults(page, { name: evander, params: paged, rows: ["Evander"], summary: "1–1 of 1 patients" });
});
