import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import type { Browser, Page } from "@playwright/test";
import { closeDatabase, database } from "@/e2e/access/database";
import { expect, test, watchConsoleErrors } from "@/e2e/fixtures";
import { hashPassword } from "@/lib/auth/password";
import type { Role } from "@/lib/auth/roles";

// A compliance officer learns of snooping the same day: a clinician opens the chart of a patient who shares their
// family name, the detection pass the worker runs every minute raises an alert, and the officer sees the badge,
// opens the alert, follows it to the audit event and resolves it with a note.

test.afterAll(async () => {
  await closeDatabase();
});

interface TestUser {
  id: string;
  name: string;
  email: string;
  password: string;
}

const tag = randomUUID().replaceAll(/[^a-f]/g, "").slice(0, 6);
const familyName = `Snoopwell${tag}`;

async function userOf(role: Role, name: string): Promise<TestUser> {
  const user = { name, email: `alerts.${role}.${randomUUID().slice(0, 8)}@example.test`, password: `alerts passphrase ${randomUUID()}` };
  const { rows } = await database().query<{ id: string }>(
    "INSERT INTO users (email, name, role, password_hash, updated_at) VALUES ($1, $2, $3, $4, now()) RETURNING id::text AS id",
    [user.email, user.name, role, await hashPassword(user.password)],
  );
  return { ...user, id: rows[0]?.id ?? "" };
}

async function signedInPage(browser: Browser, user: TestUser): Promise<{ page: Page; assertNoConsoleErrors: () => void; close: () => Promise<void> }> {
  const context = await browser.newContext();
  const assertNoConsoleErrors = watchConsoleErrors(context);
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel("Email", { exact: true }).fill(user.email);
  await page.getByLabel("Password", { exact: true }).fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  return { page, assertNoConsoleErrors, close: () => context.close() };
}

/** One detection pass, as the worker runs it every minute, through the operator's CLI; it must exit 0. */
function runDetectionPass(): string {
  const run = spawnSync(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/cli.ts", "alerts", "detect"], { encoding: "utf8", env: process.env, timeout: 120_000 });
  expect(run.status, `alerts detect failed:\n${run.stdout}\n${run.stderr}`).toBe(0);
  return run.stdout;
}

async function expectNoAxeViolations(page: Page): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`)).toEqual([]);
}

test("a compliance officer is alerted to a clinician opening a namesake's chart, follows it to the audit event and resolves it with a note", async ({ browser }) => {
  // Two browsers, two sign-ins, a detection pass over the run's audit trail and three accessibility scans.
  test.slow();
  const clinician = await userOf("clinician", `Robin ${familyName}`);
  const officer = await userOf("compliance", `Alex Reviewer ${tag}`);
  const { rows } = await database().query<{ id: string }>(
    `INSERT INTO patients (mrn, mrn_authority, first_name, last_name, birth_date, gender, updated_at)
     VALUES ($1, 'GENERAL', 'Morgan', $2, '1970-05-06', 'female', now()) RETURNING id::text AS id`,
    [`SNOOP-${tag}`, familyName],
  );
  const patientId = rows[0]?.id ?? "";

  const snooper = await signedInPage(browser, clinician);
  await snooper.page.goto(`/patients/${patientId}`);
  await expect(snooper.page.getByRole("heading", { level: 1, name: `Morgan ${familyName}` })).toBeVisible();
  snooper.assertNoConsoleErrors();
  await snooper.close();

  runDetectionPass();

  const reviewer = await signedInPage(browser, officer);
  const { page } = reviewer;
  const alertsLink = page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: /^Alerts \d+ unresolved$/ });
  await expect(alertsLink).toBeVisible();
  await alertsLink.click();
  await expect(page.getByRole("heading", { level: 1, name: "Security alerts" })).toBeVisible();
  await page.getByLabel("Rule").selectOption({ label: "Chart of a patient with the user's family name" });
  await page.getByLabel("Status").selectOption("open");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/rule=snoop.family_name/);
  await expectNoAxeViolations(page);
  const title = `${clinician.name} opened the chart of a patient with their family name`;
  await page.getByRole("link", { name: title }).click();

  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expect(page.getByText("Open", { exact: true })).toBeVisible();
  const events = page.getByRole("table", { name: "Audit events that raised this alert" });
  const chartRead = events.getByRole("row").filter({ hasText: "patient.viewed" }).filter({ hasText: clinician.name });
  await expect(chartRead).toHaveCount(1);
  await expectNoAxeViolations(page);

  await chartRead.getByRole("link").click();
  await expect(page.getByRole("heading", { level: 1, name: /^Audit event #\d+$/ })).toBeVisible();
  await expect(page.getByText(`patient.viewed · ${clinician.name}`)).toBeVisible();
  await page.goBack();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();

  await page.getByRole("button", { name: "Acknowledge" }).click();
  await expect(page.getByText("Acknowledged", { exact: true }).first()).toBeVisible();
  await page.getByLabel("Assigned to").selectOption({ label: officer.name });
  await page.getByRole("button", { name: "Assign" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Assignment saved." })).toBeVisible();

  await page.getByRole("button", { name: "Resolve" }).click();
  const dialog = page.getByRole("dialog", { name: "Resolve this alert" });
  await dialog.getByRole("button", { name: "Resolve" }).click();
  await expect(dialog.getByLabel("Resolution note")).toBeFocused();
  await expect(dialog.getByText("Say what was found and done")).toBeVisible();
  const note = "Spoke with the clinician: the patient is a relative; access removed and training booked.";
  await dialog.getByLabel("Resolution note").fill(note);
  await dialog.getByRole("button", { name: "Resolve" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("region", { name: "Resolution" }).getByText(note)).toBeVisible();
  await expect(page.getByRole("button", { name: "Reopen" })).toBeVisible();

  const { rows: changes } = await database().query<{ action: string }>(
    "SELECT action FROM audit_logs WHERE user_id = $1 AND action IN ('alert.acknowledged', 'alert.assigned', 'alert.resolved') ORDER BY id",
    [officer.id],
  );
  expect(changes.map((change) => change.action)).toEqual(["alert.acknowledged", "alert.assigned", "alert.resolved"]);
  reviewer.assertNoConsoleErrors();
  await reviewer.close();
});
