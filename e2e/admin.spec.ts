import { randomUUID } from "node:crypto";
import type { Page } from "@playwright/test";
import { auditRowsOf, closeDatabase } from "@/e2e/access/database";
import { definitionOf, expect, test, watchConsoleErrors } from "@/e2e/fixtures";
import { ROLE_DESCRIPTIONS } from "@/lib/auth/permissions";

// An administrator's journeys: accounts (create, change role, deactivate) and API keys (create, see once, use,
// revoke). Every name is unique per run, so the journeys never meet the demo users or each other.

test.afterAll(async () => {
  await closeDatabase();
});

async function signInAs(page: Page, email: string, password: string): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

test("an admin creates a user, changes its role and deactivates it, ending its sessions each time", async ({ page, loginAs, browser }) => {
  // Two browsers and three sign-ins: on two busy cores this journey alone can outlast the default 30 s.
  test.slow();
  const tag = randomUUID().slice(0, 8);
  const person = { name: `Robin Reviewer ${tag}`, email: `robin.${tag}@example.test`, password: `a long passphrase ${tag}` };
  await loginAs("admin");

  await page.goto("/admin/users");
  await expect(page.getByRole("heading", { level: 1, name: "Users" })).toBeVisible();
  const form = page.getByRole("region", { name: "Create a user" });
  await form.getByLabel("Name").fill(person.name);
  await form.getByLabel("Email").fill(person.email);
  await form.getByLabel("Role").selectOption("clinician");
  const password = form.getByLabel("Initial password");
  await password.fill("too short");
  await form.getByRole("button", { name: "Create user" }).click();

  // The error sits next to its field, the field is flagged, and what was typed (but not the password) stays.
  await expect(form.getByText("At least 12 characters", { exact: true })).toBeVisible();
  await expect(password).toHaveAttribute("aria-invalid", "true");
  await expect(form.getByLabel("Name")).toHaveValue(person.name);
  await expect(password).toHaveValue("");

  await password.fill(person.password);
  await form.getByRole("button", { name: "Create user" }).click();
  await expect(form.getByRole("status")).toHaveText(`Created ${person.name} (${person.email}).`);

  // The new user signs in elsewhere, so the admin's changes below have a session to end.
  const elsewhere = await browser.newContext();
  const assertNoConsoleErrorsElsewhere = watchConsoleErrors(elsewhere);
  const theirPage = await elsewhere.newPage();
  await signInAs(theirPage, person.email, person.password);
  await expect(theirPage.getByRole("button", { name: "Sign out" })).toBeVisible();

  await page.getByRole("searchbox", { name: "Name or email" }).fill(tag);
  await page.getByRole("button", { name: "Apply filters" }).click();
  const row = page.getByRole("table", { name: "Users" }).getByRole("row").filter({ hasText: person.email });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("Clinician");
  await row.getByRole("link", { name: person.name }).click();

  await expect(page.getByRole("heading", { level: 1, name: person.name })).toBeVisible();
  await expect(page.getByRole("table", { name: "Active sessions" }).getByRole("row")).toHaveCount(2);

  await page.getByRole("combobox", { name: "Role" }).selectOption("compliance");
  await page.getByRole("button", { name: "Change role" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Role changed" })).toHaveText("Role changed to Compliance; 1 session ended.");
  await expect(definitionOf(page.getByRole("region", { name: "Account" }), "Role")).toHaveText("Compliance");
  await expect(page.getByRole("region", { name: "Active sessions" }).getByText("No active sessions.")).toBeVisible();

  // The role change ended the user's session on the server: their next page load asks them to sign in.
  await theirPage.goto("/");
  await expect(theirPage).toHaveURL(/\/login/);

  await page.getByRole("button", { name: `Deactivate ${person.name}` }).click();
  await page.getByRole("button", { name: `Yes, deactivate ${person.name}` }).click();
  await expect(definitionOf(page.getByRole("region", { name: "Account" }), "Status")).toHaveText("Deactivated");
  await expect(page.getByRole("button", { name: `Reactivate ${person.name}` })).toBeVisible();

  // A deactivated account cannot sign in, even with the right password.
  await signInAs(theirPage, person.email, person.password);
  await expect(theirPage.getByRole("alert", { name: "Sign-in error" })).toHaveText("Invalid email or password");
  assertNoConsoleErrorsElsewhere();
  await elsewhere.close();
});

test("an admin creates an API key, sees it once, and revokes it", async ({ page, loginAs, request }) => {
  const name = `E2E lab feed ${randomUUID().slice(0, 8)}`;
  await loginAs("admin");

  await page.goto("/admin/api-keys");
  await expect(page.getByRole("heading", { level: 1, name: "API keys" })).toBeVisible();
  const form = page.getByRole("region", { name: "Create an API key" });
  await form.getByLabel("Name").fill(name);
  await expect(form.getByLabel("Role")).toHaveValue("integration");
  await form.getByRole("button", { name: "Create API key" }).click();

  const shown = page.getByRole("region", { name: `New API key: ${name}` });
  await expect(shown.getByText("Copy this key now: you will not see it again.")).toBeVisible();
  const field = shown.getByRole("textbox", { name: "API key" });
  await expect(field).toHaveValue(/^mrd_[0-9A-Za-z]{8}_[A-Za-z0-9_-]{43}$/);
  const key = await field.inputValue();
  const prefix = key.slice(4, 12);

  // The key works against the API. /api/session/idle is, so far, the only route that admits any authenticated
  // caller; with a key it has no session to end and simply answers 204.
  const accepted = await request.post("/api/session/idle", { headers: { authorization: `Bearer ${key}` } });
  expect(accepted.status()).toBe(204);

  await shown.getByRole("button", { name: "I have stored the key" }).click();
  await expect(shown).toBeHidden();
  const row = page.getByRole("table", { name: "API keys" }).getByRole("row").filter({ hasText: name });
  await expect(row).toContainText(`mrd_${prefix}_…`);
  await expect(row).toContainText("Integration");
  await expect(row).toContainText("Active");

  // Never again: not in the page after a reload, only its prefix.
  await page.reload();
  await expect(row).toContainText(`mrd_${prefix}_…`);
  expect(await page.content()).not.toContain(key.slice(13));

  await row.getByRole("button", { name: `Revoke key ${name}` }).click();
  await row.getByRole("button", { name: `Yes, revoke key ${name}` }).click();
  await expect(row).toContainText("Revoked");
  await expect(row.getByRole("button", { name: `Revoke key ${name}` })).toHaveCount(0);

  const refused = await request.post("/api/session/idle", { headers: { authorization: `Bearer ${key}` } });
  expect(refused.status()).toBe(401);
});

test("a compliance user is refused the user administration page", async ({ page, loginAs }) => {
  await loginAs("compliance");
  const requestId = randomUUID();
  await page.setExtraHTTPHeaders({ "x-request-id": requestId });
  const response = await page.goto("/admin/users");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { level: 1, name: "Not allowed" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Users" })).toHaveCount(0);
  const denials = (await auditRowsOf(requestId)).filter((row) => row.status === "denied");
  expect(denials).toEqual([expect.objectContaining({ action: "access.denied", status_code: 403 })]);
});

test("an admin sorts the users table by every column on the server, with the sort in the URL", async ({ page, loginAs }) => {
  // Eight server-rendered sorts and a Back: over 30 s on two busy cores.
  test.slow();
  await loginAs("admin");
  await page.goto("/admin/users");
  const table = page.getByRole("table", { name: "Users" });
  const emails = () => table.getByRole("row").locator("td:nth-child(2)").allInnerTexts();
  await expect(table.getByRole("columnheader", { name: "Name" })).toHaveAttribute("aria-sort", "ascending");

  const columns = [
    { header: "Name", sort: "name", firstDir: "asc" },
    { header: "Email", sort: "email", firstDir: "asc" },
    { header: "Role", sort: "role", firstDir: "asc" },
    { header: "Status", sort: "status", firstDir: "asc" },
    { header: "Last sign-in", sort: "lastLoginAt", firstDir: "desc" },
  ] as const;
  for (const { header, sort, firstDir } of columns) {
    const button = table.getByRole("button", { name: header, exact: true });
    // Name is already sorted ascending, so its first click turns it around.
    const dir = header === "Name" ? "desc" : firstDir;
    await button.click();
    await expect(page).toHaveURL(new RegExp(`[?&]sort=${sort}&dir=${dir}`));
    await expect(table.getByRole("columnheader", { name: header })).toHaveAttribute("aria-sort", dir === "asc" ? "ascending" : "descending");
  }

  // The server sorts: e-mails (unique) one way, then exactly the other way.
  await table.getByRole("button", { name: "Email", exact: true }).click();
  await expect(page).toHaveURL(/[?&]sort=email&dir=asc/);
  const ascending = await emails();
  expect(ascending.length).toBeGreaterThan(2);
  // Journeys running alongside add users meanwhile: the e-mails seen first must all be there, in the expected order.
  const seenBefore = async () => (await emails()).filter((email) => ascending.includes(email));
  await table.getByRole("button", { name: "Email", exact: true }).click();
  await expect(page).toHaveURL(/[?&]sort=email&dir=desc/);
  await expect.poll(seenBefore).toEqual([...ascending].reverse());

  // Back returns to the previous sort.
  await page.goBack();
  await expect(page).toHaveURL(/[?&]sort=email&dir=asc/);
  await expect.poll(seenBefore).toEqual(ascending);
});

test("sessions name the browser, and the role select names roles with the chosen one's description beneath", async ({ page, loginAs }) => {
  await loginAs("admin");
  await page.goto("/admin/sessions");
  const own = page.getByRole("table", { name: "Active sessions" }).getByRole("row").filter({ hasText: "This session" });
  // Playwright's desktop Chrome says it runs on Windows, whatever machine it is on.
  await expect(own).toContainText(/Chrome \d+ on (Windows|Linux|macOS)/);
  await expect(own).not.toContainText("Mozilla/5.0");

  await page.goto("/admin/api-keys");
  const form = page.getByRole("region", { name: "Create an API key" });
  const role = form.getByLabel("Role");
  await expect(role.locator("option")).toHaveText(["Administrator", "Clinician", "Compliance", "Integration"]);
  await expect(role).toHaveAccessibleDescription(ROLE_DESCRIPTIONS.integration);
  await role.selectOption("admin");
  await expect(role).toHaveAccessibleDescription(ROLE_DESCRIPTIONS.admin);
  // The closed select shows its whole value: nothing is cut off.
  expect(await role.evaluate((select) => select.scrollWidth <= select.clientWidth)).toBe(true);
});
