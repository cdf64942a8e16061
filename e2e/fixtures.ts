import { test as base, expect, type BrowserContext, type Locator, type Page } from "@playwright/test";
import { DEMO_USERS, type DemoUser } from "@/lib/seed/demo-users";

export type DemoRole = DemoUser["role"];

export function demoUser(role: DemoRole): DemoUser {
  const user = DEMO_USERS.find((candidate) => candidate.role === role);
  if (!user) throw new Error(`The demo seed has no ${role} user`);
  return user;
}

/**
 * The value (<dd>) shown for a label (<dt>) in a definition list. ARIA does not let a definition carry a name,
 * so it is found through its term: getByRole("term") with that exact text, then the definition after it.
 */
export function definitionOf(scope: Page | Locator, term: string): Locator {
  const exactly = new RegExp(`^${term.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`);
  return scope.getByRole("term").filter({ hasText: exactly }).locator("xpath=following-sibling::dd[1]");
}

/** Signs in through the real form, the way a person would, and waits for the signed-in shell. */
export async function loginAs(page: Page, role: DemoRole): Promise<DemoUser> {
  const user = demoUser(role);
  await page.goto("/login");
  await page.getByLabel("Email", { exact: true }).fill(user.email);
  await page.getByLabel("Password", { exact: true }).fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  return user;
}

// The browser logs a refused or missing resource (an expected 403/404 page) as a console error; that is not a defect.
const EXPECTED_CONSOLE_ERROR = /^Failed to load resource: the server responded with a status of (401|403|404)\b/;

/**
 * Collects every console error and uncaught page error in a browser context (React's key, hydration and act
 * warnings arrive as console.error). Call the returned function at the end of the test to fail on any.
 */
export function watchConsoleErrors(context: BrowserContext): () => void {
  const errors: string[] = [];
  context.on("console", (message) => {
    if (message.type() === "error" && !EXPECTED_CONSOLE_ERROR.test(message.text())) errors.push(message.text());
  });
  context.on("weberror", (error) => errors.push(String(error.error())));
  return () => expect(errors, "console errors in the browser").toEqual([]);
}

export const test = base.extend<{ loginAs: (role: DemoRole) => Promise<DemoUser>; failOnConsoleErrors: void }>({
  // The fixture callback is named `provide`, not Playwright's usual `use`, which the React hooks lint rule misreads.
  loginAs: async ({ page }, provide) => {
    await provide((role) => loginAs(page, role));
  },
  failOnConsoleErrors: [
    async ({ context }, provide) => {
      const assertNoErrors = watchConsoleErrors(context);
      await provide();
      assertNoErrors();
    },
    { auto: true },
  ],
});

export { expect };
