import { expect, type APIRequestContext } from "@playwright/test";
import { demoUser } from "@/e2e/fixtures";

/** Signs a request context in as a demo user through next-auth's credentials callback, as a script would. */
export async function signInContext(context: APIRequestContext, role: "admin" | "clinician" | "compliance", origin: string): Promise<void> {
  const { email, password } = demoUser(role);
  const { csrfToken } = (await (await context.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const response = await context.post("/api/auth/callback/credentials", {
    form: { email, password, csrfToken, json: "true" },
    headers: { origin },
  });
  expect(response.status(), `sign-in as ${role}`).toBeLessThan(400);
}
