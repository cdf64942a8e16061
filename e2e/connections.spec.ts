import { randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { closeDatabase, insertApiKey } from "@/e2e/access/database";
import { definitionOf, expect, test } from "@/e2e/fixtures";

// An administrator adds an Epic-like FHIR endpoint and an HL7 feed, tests them, sends a few HL7 messages and
// watches the HL7 and connection panels of the dashboards move; the client secret never comes back to a browser.
// The EMR is a small real FHIR server with an OAuth2 token endpoint, started here.

const CLIENT_SECRET = `journey-secret-${randomUUID()}`;
let fhirBase = "";
const fhir = http.createServer((request, response) => {
  if (request.url === "/oauth2/token") {
    const ok = request.headers.authorization === `Basic ${Buffer.from(`meridian-e2e:${CLIENT_SECRET}`).toString("base64")}`;
    response.writeHead(ok ? 200 : 401, { "content-type": "application/json" }).end(JSON.stringify(ok ? { access_token: "e2e-token" } : { error: "invalid_client" }));
    return;
  }
  const ok = request.url === "/fhir/metadata" && request.headers.authorization === "Bearer e2e-token";
  response
    .writeHead(ok ? 200 : 401, { "content-type": "application/fhir+json" })
    .end(ok ? JSON.stringify({ resourceType: "CapabilityStatement", fhirVersion: "4.0.1", software: { name: "E2E EHR", version: "2026.1" } }) : "{}");
});

let integrationKey = "";

test.beforeAll(async () => {
  await new Promise<void>((resolve) => fhir.listen(0, "127.0.0.1", resolve));
  fhirBase = `http://127.0.0.1:${(fhir.address() as AddressInfo).port}`;
  integrationKey = await insertApiKey("integration", `e2e connections ${randomUUID()}`);
});

test.afterAll(async () => {
  fhir.close();
  await closeDatabase();
});

const adt = (application: string, controlId: string, mrn: string) =>
  [`MSH|^~\\&|${application}|JOURNEYHOSP|MERIDIAN|HUB|20261205083000||ADT^A04|${controlId}|P|2.5.1`, `PID|1||${mrn}^^^JOURNEYHOSP^MR||Feedcheck^Dana||19800101|F`].join("\r");

test("an admin adds and tests a FHIR connection and an HL7 feed, sends messages and watches the dashboards move", async ({ page, loginAs, request }) => {
  test.slow();
  const suffix = randomUUID().slice(0, 6);
  const application = `JLAB${suffix.toUpperCase()}`;
  await loginAs("admin");

  await page.getByRole("link", { name: "Connections" }).click();
  await expect(page.getByRole("heading", { name: "EMR connections", level: 1 })).toBeVisible();
  await page.getByRole("link", { name: "Add connection" }).click();

  const form = page.getByRole("form", { name: "New connection" });
  await form.getByLabel("Name").fill(`Journey Epic ${suffix}`);
  await form.getByLabel("Connection id").fill(`journey-epic-${suffix}`);
  await form.getByLabel("EMR type").selectOption("epic");
  await form.getByLabel("Base URL").fill("http://fhir.example.org/R4");
  await form.getByLabel("Authentication").selectOption("client_secret");
  await form.getByLabel("Token URL").fill(`${fhirBase}/oauth2/token`);
  await form.getByLabel("Client id").fill("meridian-e2e");
  await form.getByLabel("Scopes").fill("system/Patient.read system/Observation.read");
  await form.getByRole("button", { name: "Add connection" }).click();
  // Plain http to another host is refused, and the secret the auth type needs is asked for.
  await expect(page.getByLabel("Connection error")).toBeVisible();
  await expect(form.getByText("Must use https (http only for localhost)")).toBeVisible();
  await expect(form.getByText("Required for client_secret authentication")).toBeVisible();

  await form.getByLabel("Base URL").fill(`${fhirBase}/fhir`);
  await form.getByLabel("Client secret").fill(CLIENT_SECRET);
  await form.getByRole("button", { name: "Add connection" }).click();
  await expect(page.getByRole("heading", { name: `Journey Epic ${suffix}`, level: 1 })).toBeVisible();
  await expect(definitionOf(page, "Stored secrets")).toHaveText("Client secret");
  await expect(page.getByText("Not tested", { exact: true }).first()).toBeVisible();

  await page.getByRole("button", { name: "Test connection" }).click();
  await expect(page.getByLabel("Test result")).toContainText("Connected: CapabilityStatement received (FHIR 4.0.1, E2E EHR 2026.1)");
  await expect(page.getByRole("table", { name: "Test history" })).toContainText("Passed");
  await expect(page.getByText("Connected", { exact: true }).first()).toBeVisible();
  expect(await page.content()).not.toContain(CLIENT_SECRET);

  await page.goto("/connections/new");
  const feed = page.getByRole("form", { name: "New connection" });
  await feed.getByLabel("Name").fill(`Journey lab feed ${suffix}`);
  await feed.getByLabel("Connection id").fill(`journey-lab-${suffix}`);
  await feed.getByLabel("EMR type").selectOption("generic_hl7");
  await feed.getByLabel("Endpoint kind").selectOption("mllp_inbound");
  await feed.getByLabel("Sending application (MSH-3)").fill(application);
  await feed.getByRole("button", { name: "Add connection" }).click();
  await expect(page.getByRole("heading", { name: `Journey lab feed ${suffix}`, level: 1 })).toBeVisible();
  const feedUrl = page.url();

  await page.goto("/dashboards");
  const hl7Figure = definitionOf(page.getByRole("region", { name: "HL7 feed" }), "Messages (1 h)");
  await expect(hl7Figure).toBeVisible();
  const before = Number((await hl7Figure.textContent())?.replace(/\D/g, ""));
  const feedRow = page.getByRole("table", { name: "Connection health" }).getByRole("row").filter({ hasText: `Journey lab feed ${suffix}` });
  await expect(feedRow).toBeVisible();

  for (let i = 0; i < 3; i += 1) {
    const response = await request.post("/api/v1/hl7", {
      headers: { authorization: `Bearer ${integrationKey}`, "content-type": "x-application/hl7-v2+er7" },
      data: adt(application, `J-${suffix}-${i}`, `JRN-${suffix}-${i}`),
    });
    expect((await response.text()).split("\r")[1]).toBe(`MSA|AA|J-${suffix}-${i}`);
  }

  // The page refreshes itself every 15 seconds: no reload.
  await expect(async () => {
    expect(Number((await hl7Figure.textContent())?.replace(/\D/g, ""))).toBeGreaterThanOrEqual(before + 3);
    await expect(feedRow.getByRole("cell").nth(3)).toHaveText("3");
  }).toPass({ timeout: 40_000 });
  await expect(page.getByRole("region", { name: "Database" })).toContainText("As of");
  await expect(page.getByRole("table", { name: "Pool per instance" })).toContainText("web:");

  await page.goto(feedUrl);
  await page.getByRole("button", { name: "Test connection" }).click();
  await expect(page.getByLabel("Test result")).toContainText("Last message received");

  await page.getByRole("button", { name: "Deactivate connection" }).click();
  await page.getByRole("button", { name: "Yes, deactivate connection" }).click();
  await expect(page.getByText("Deactivated", { exact: true }).first()).toBeVisible();
});

test("an admin corrects field errors, edits a connection's kind, auth and settings, keeps its secret, deactivates and reactivates it", async ({ page, loginAs }) => {
  test.slow();
  const suffix = randomUUID().slice(0, 6);
  const password = `hub-password-${randomUUID()}`;
  await loginAs("admin");
  await page.goto("/connections/new");
  const form = page.getByRole("form", { name: "New connection" });
  await form.getByLabel("Name").fill(`Edit lab ${suffix}`);
  await form.getByLabel("Connection id").fill(`edit-lab-${suffix}`);
  await form.getByLabel("EMR type").selectOption("generic_hl7");
  await form.getByLabel("Endpoint kind").selectOption("mllp_outbound");
  await form.getByLabel("Host").fill("lab example.org");
  await form.getByLabel("Port").fill("70000");
  await form.getByLabel("Test timeout (ms)").fill("50");
  await form.getByRole("button", { name: "Add connection" }).click();
  await expect(form.getByText("A host name or IP address")).toBeVisible();
  await expect(form.getByText("1 to 65535")).toBeVisible();
  await expect(form.getByText("1,000 to 60,000 ms")).toBeVisible();
  // The kind the admin chose stays chosen after a refused submit.
  await expect(form.getByLabel("Endpoint kind")).toHaveValue("mllp_outbound");

  await form.getByLabel("Host").fill("lab.example.org");
  await form.getByLabel("Port").fill("6661");
  await form.getByLabel("Test timeout (ms)").fill("5000");
  await form.getByLabel("TLS (certificate verified)").check();
  await form.getByRole("button", { name: "Add connection" }).click();
  await expect(page.getByRole("heading", { name: `Edit lab ${suffix}`, level: 1 })).toBeVisible();
  await expect(definitionOf(page, "Host and port")).toHaveText("lab.example.org:6661");
  await expect(definitionOf(page, "Test timeout")).toHaveText("5,000 ms");

  const edit = page.getByRole("form", { name: `Edit connection Edit lab ${suffix}` });
  await edit.getByLabel("Endpoint kind").selectOption("fhir_rest");
  await edit.getByLabel("Base URL").fill("https://hub.example.org/fhir");
  await edit.getByLabel("Authentication").selectOption("basic");
  await edit.getByLabel("User name").fill("meridian");
  await edit.getByRole("button", { name: "Save changes" }).click();
  await expect(edit.getByText("Required for basic authentication")).toBeVisible();
  await edit.getByLabel("Password").fill(password);
  await edit.getByRole("button", { name: "Save changes" }).click();
  await expect(definitionOf(page, "Stored secrets")).toHaveText("Password");
  await expect(definitionOf(page, "Base URL")).toHaveText("https://hub.example.org/fhir");

  await page.reload();
  const reloaded = page.getByRole("form", { name: `Edit connection Edit lab ${suffix}` });
  await expect(reloaded.getByLabel("Password")).toHaveValue("");
  await expect(reloaded.getByLabel("Password")).toHaveAttribute("type", "password");
  await expect(reloaded.getByText("Stored — leave empty to keep it")).toBeVisible();
  // Choosing an auth method without a password says the stored one would go; choosing basic again keeps it.
  await reloaded.getByLabel("Authentication").selectOption("none");
  await expect(reloaded.getByText("Saving removes the stored password, which this setting does not use")).toBeVisible();
  await reloaded.getByLabel("Authentication").selectOption("basic");
  await expect(reloaded.getByText("Saving removes the stored password")).toHaveCount(0);
  await reloaded.getByLabel(/^Name/).fill(`Edited hub ${suffix}`);
  await reloaded.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("heading", { name: `Edited hub ${suffix}`, level: 1 })).toBeVisible();
  await expect(definitionOf(page, "Stored secrets")).toHaveText("Password");
  expect(await page.content()).not.toContain(password);

  await page.getByRole("button", { name: "Deactivate connection" }).click();
  await page.getByRole("button", { name: "Yes, deactivate connection" }).click();
  await expect(page.getByText("Deactivated", { exact: true }).first()).toBeVisible();
  await page.getByRole("button", { name: "Reactivate connection" }).click();
  await page.getByRole("button", { name: "Yes, reactivate connection" }).click();
  await expect(page.getByText("Not tested", { exact: true }).first()).toBeVisible();

  await page.goto(`/connections?status=active&q=edit-lab-${suffix}`);
  await expect(page.getByRole("table", { name: "EMR connections" }).getByRole("link", { name: `Edited hub ${suffix}` })).toBeVisible();
  await page.goto(`/connections?status=inactive&q=edit-lab-${suffix}`);
  await expect(page.getByText("No connections match these filters.")).toBeVisible();
});

test("a compliance officer reads connections and dashboards but cannot change them; a clinician cannot open them", async ({ page, loginAs }) => {
  await loginAs("compliance");
  await page.goto("/connections");
  await expect(page.getByRole("table", { name: "EMR connections" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Add connection" })).toHaveCount(0);
  await page.getByRole("table", { name: "EMR connections" }).getByRole("link").first().click();
  await expect(page.getByRole("heading", { name: "Test history" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Test connection" })).toHaveCount(0);
  await expect(page.getByRole("form", { name: /Edit connection/ })).toHaveCount(0);
  await page.goto("/dashboards");
  await expect(page.getByRole("heading", { name: "HL7 feed" })).toBeVisible();
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL(/\/login/);

  await loginAs("clinician");
  const refused = await page.goto("/connections");
  expect(refused?.status()).toBe(403);
  expect((await page.goto("/dashboards"))?.status()).toBe(403);
});
