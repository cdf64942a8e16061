import { closeDatabase, database } from "@/e2e/access/database";
import { expect, test } from "@/e2e/fixtures";

// Automatic logoff as a person meets it: a warning a minute before the idle limit, "Stay signed in" keeps the
// session, and at the limit the session ends on the server too, audited as expired.

test.afterAll(async () => {
  await closeDatabase();
});

test("an idle clinician is warned, can stay, and is signed out at the limit", async ({ page, loginAs }) => {
  await page.clock.install();
  await loginAs("clinician");
  const session = (await (await page.request.get("/api/auth/session")).json()) as { user: { sessionId: string } };
  const warning = page.getByRole("alertdialog", { name: "Still there?" });

  await page.clock.fastForward("14:02");
  await expect(warning).toBeVisible();
  await page.getByRole("button", { name: "Stay signed in" }).click();
  await expect(warning).toBeHidden();

  await page.clock.fastForward("14:02");
  await expect(warning).toBeVisible();
  await page.clock.fastForward("01:01");
  await expect(page).toHaveURL(/\/login\?reason=idle/);
  await expect(page.getByText(/signed out after 15 minutes without activity/)).toBeVisible();

  // The server ended the session: the old cookie no longer opens a page.
  await page.goto("/");
  await expect(page).toHaveURL(/\/login/);
  const { rows } = await database().query<{ action: string }>(
    "SELECT action FROM audit_logs WHERE resource_type = 'session' AND resource_id = $1 ORDER BY id",
    [session.user.sessionId],
  );
  expect(rows.map((row) => row.action)).toEqual(["auth.login_succeeded", "auth.session_expired"]);
});

test("signing out ends the session on the server and audits the logout", async ({ page, loginAs }) => {
  await loginAs("compliance");
  const session = (await (await page.request.get("/api/auth/session")).json()) as { user: { sessionId: string } };
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await expect(async () => {
    const { rows } = await database().query<{ action: string }>(
      "SELECT action FROM audit_logs WHERE resource_type = 'session' AND resource_id = $1 ORDER BY id",
      [session.user.sessionId],
    );
    expect(rows.map((row) => row.action)).toEqual(["auth.login_succeeded", "auth.logout"]);
  }).toPass();
});
