import { randomUUID } from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { closeDatabase, database, insertApiKey } from "@/e2e/access/database";
import { expect, test } from "@/e2e/fixtures";
import { hashPassword } from "@/lib/auth/password";
import type { Role } from "@/lib/auth/roles";

// Each role's landing page after sign-in: its own work, and never another role's figures. Each journey signs in
// as a user of its own, so no other journey's charts or reviews can show on its home page.

test.afterAll(async () => {
  await closeDatabase();
});

interface TestUser {
  id: string;
  name: string;
  email: string;
  password: string;
}

async function userOf(role: Role): Promise<TestUser> {
  const tag = randomUUID().slice(0, 8);
  const user = { name: `Home ${role} ${tag}`, email: `home.${role}.${tag}@example.test`, password: `home page passphrase ${tag}` };
  const { rows } = await database().query<{ id: string }>(
    "INSERT INTO users (email, name, role, password_hash, updated_at) VALUES ($1, $2, $3, $4, now()) RETURNING id::text AS id",
    [user.email, user.name, role, await hashPassword(user.password)],
  );
  return { ...user, id: rows[0]?.id ?? "" };
}

async function signIn(page: Page, user: TestUser): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("Email", { exact: true }).fill(user.email);
  await page.getByLabel("Password", { exact: true }).fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  await expect(page).toHaveURL(/\/$/);
}

/** The named regions of each role's home page. */
const HOME_REGIONS: Record<"clinician" | "compliance" | "admin", readonly string[]> = {
  clinician: ["Find a patient", "Recently opened charts"],
  compliance: ["Emergency accesses awaiting review", "Recent refusals", "Tamper evidence"],
  admin: ["Records", "System health", "PostgreSQL", "Cache"],
};

/** The role's own regions are on the page, and not one region of another role's home. */
async function expectOnlyHomeOf(page: Page, role: keyof typeof HOME_REGIONS): Promise<void> {
  for (const [owner, regions] of Object.entries(HOME_REGIONS)) {
    for (const name of regions) {
      const region = page.getByRole("region", { name, exact: true });
      if (owner === role) await expect(region, name).toBeVisible();
      else await expect(region, name).toHaveCount(0);
    }
  }
  if (role !== "admin") await expect(page.getByText(/Pool connections|Server version|Hit rate/)).toHaveCount(0);
}

async function expectNoAxeViolations(page: Page): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`)).toEqual([]);
}

test("a clinician lands on patient search and their recently opened charts, which show a chart just opened", async ({ page }) => {
  // A sign-in, a search, two chart loads and an accessibility scan: over 30 s on two busy cores.
  test.slow();
  const clinician = await userOf("clinician");
  const { rows } = await database().query<{ id: string; first_name: string; last_name: string }>(
    // A name no other patient has: other journeys register patients under fixed names (e.g. the HL7 feed check's).
    `SELECT id::text AS id, first_name, last_name FROM patients p WHERE NOT restricted
       AND NOT EXISTS (SELECT 1 FROM patients o WHERE o.id <> p.id AND o.last_name = p.last_name AND o.first_name = p.first_name)
     ORDER BY md5(id::text || $1) LIMIT 1`,
    [clinician.id],
  );
  const patient = rows[0];
  if (!patient) throw new Error("The demo seed has no unrestricted patient");
  const listName = `${patient.last_name}, ${patient.first_name}`;

  await signIn(page, clinician);
  await expect(page.getByRole("heading", { level: 1, name: "Home" })).toBeVisible();
  await expectOnlyHomeOf(page, "clinician");
  await expect(page.getByText("Charts you open appear here, so you can go back to them in one click.")).toBeVisible();
  await expectNoAxeViolations(page);

  // Search from the home page: Enter opens the patient list with the name in its URL.
  const search = page.getByRole("search", { name: "Find a patient" });
  await search.getByLabel("Name").fill(`${patient.first_name} ${patient.last_name}`);
  await search.getByLabel("Name").press("Enter");
  await expect(page).toHaveURL(/\/patients\?name=/);
  // The chart link of this patient, should a namesake have been registered since.
  await page.getByRole("table", { name: "Patients" }).getByRole("link", { name: listName, exact: true }).and(page.locator(`[href$="/patients/${patient.id}"]`)).click();
  await expect(page).toHaveURL(new RegExp(`/patients/${patient.id}$`));
  await expect(page.getByRole("heading", { level: 1, name: new RegExp(patient.last_name) })).toBeVisible();

  // Back home, the chart just opened heads the list, one click from the chart again.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Home" }).click();
  const recent = page.getByRole("table", { name: "Recently opened charts" });
  await expect(recent.getByRole("row")).toHaveCount(2);
  await expect(recent.getByRole("row").nth(1).getByRole("link")).toHaveText(listName);
  await expectOnlyHomeOf(page, "clinician");

  // Listing the charts showed patient names: audited as a read of demographics, with the ids listed.
  const listed = await database().query<{ details: { list: string; resultIds: string[] }; data_category: string }>(
    "SELECT details, data_category FROM audit_logs WHERE user_id = $1 AND action = 'patient.listed' ORDER BY id DESC LIMIT 1",
    [clinician.id],
  );
  expect(listed.rows[0]).toEqual({ data_category: "demographics", details: expect.objectContaining({ list: "recently_viewed", resultIds: [patient.id] }) });

  await recent.getByRole("link", { name: listName }).click();
  await expect(page).toHaveURL(new RegExp(`/patients/${patient.id}$`));
});

test("a compliance officer lands on what needs review: an emergency access to review, refusals, the chain", async ({ page, request }) => {
  test.slow();
  const tag = randomUUID().slice(0, 8);
  const [officer, clinician] = [await userOf("compliance"), await userOf("clinician")];
  const reason = `Collapsed in the waiting room, no ID (${tag})`;
  // Older than any journey's, so it is among the longest-waiting the page shows.
  const grant = await database().query<{ id: string }>(
    `INSERT INTO emergency_access_grants (user_id, patient_id, reason, created_at, expires_at)
     SELECT $1, id, $2, now() - interval '2 days', now() - interval '2 days' + interval '1 hour' FROM patients WHERE restricted ORDER BY mrn LIMIT 1
     RETURNING id::text AS id`,
    [clinician.id, reason],
  );
  const grantId = grant.rows[0]?.id;
  if (!grantId) throw new Error("The demo seed has no restricted patient");
  // A real refusal: an API key without audit:read asks for the audit trail.
  const keyName = `Home refused ${tag}`;
  const refused = await request.get("/api/v1/audit", { headers: { authorization: `Bearer ${await insertApiKey("clinician", keyName)}` } });
  expect(refused.status()).toBe(403);

  await signIn(page, officer);
  await expect(page.getByRole("heading", { level: 1, name: "Review" })).toBeVisible();
  await expectOnlyHomeOf(page, "compliance");
  await expect(page.getByRole("table", { name: "Recent refusals" }).getByRole("row").filter({ hasText: keyName })).toContainText("audit:read");
  await expectNoAxeViolations(page);

  const queue = page.getByRole("table", { name: "Emergency accesses awaiting review" });
  const row = queue.getByRole("row").filter({ hasText: reason });
  await expect(row).toContainText(clinician.name);
  await row.getByRole("button", { name: new RegExp(`^Review emergency access by ${clinician.name}`) }).click();

  const dialog = page.getByRole("dialog", { name: "Review emergency access" });
  await expect(dialog).toContainText(reason);
  const note = dialog.getByLabel("What the review found");
  await dialog.getByRole("button", { name: "Mark reviewed" }).click();
  // An empty required field says so, in the words every form uses.
  await expect(dialog.getByText("Required", { exact: true })).toBeVisible();
  await expect(note).toHaveAttribute("aria-invalid", "true");
  await note.fill("Confirmed with the ED attending: a genuine emergency.");
  await dialog.getByRole("button", { name: "Mark reviewed" }).click();

  await expect(dialog).toBeHidden();
  await expect(page.getByRole("status").filter({ hasText: `Reviewed the emergency access by ${clinician.name}` })).toBeFocused();
  await expect(queue.getByRole("row").filter({ hasText: reason })).toHaveCount(0);
  const reviews = await database().query<{ user_id: string; details: { note: string } }>(
    "SELECT user_id, details FROM audit_logs WHERE action = 'emergency_access.reviewed' AND resource_id = $1",
    [grantId],
  );
  expect(reviews.rows).toEqual([{ user_id: officer.id, details: expect.objectContaining({ note: "Confirmed with the ED attending: a genuine emergency." }) }]);
});

test("an administrator lands on the system's health", async ({ page, loginAs }) => {
  await loginAs("admin");
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
  await expectOnlyHomeOf(page, "admin");
  await expect(page.getByRole("region", { name: "PostgreSQL" }).getByText("Status: Up")).toBeVisible();
  await expectNoAxeViolations(page);
});

test("the break-the-glass warning of a restricted chart meets WCAG AA contrast", async ({ page }) => {
  await signIn(page, await userOf("clinician"));
  const { rows } = await database().query<{ id: string }>("SELECT id::text AS id FROM patients WHERE restricted ORDER BY mrn LIMIT 1");
  await page.goto(`/patients/${rows[0]?.id ?? ""}`);
  await expect(page.getByRole("heading", { level: 1, name: "Restricted record" })).toBeVisible();
  await expect(page.getByText(/Access is time-limited and is flagged for compliance review/)).toBeVisible();
  await expectNoAxeViolations(page);
});

test("focus rings show for keyboard focus only", async ({ page, loginAs }) => {
  await loginAs("admin");
  await page.goto("/admin/users");
  const outline = () => page.evaluate(() => (document.activeElement ? getComputedStyle(document.activeElement).outlineStyle : "none"));
  const header = page.getByRole("table", { name: "Users" }).getByRole("button", { name: "Email", exact: true });
  await header.click();
  await expect(page).toHaveURL(/sort=email/);
  await expect(header).toBeFocused();
  expect(await outline()).toBe("none");
  await page.keyboard.press("Tab");
  expect(await outline()).toBe("solid");
});
