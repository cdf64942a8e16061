import { randomBytes, randomUUID } from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import { auditRowsOf, closeDatabase, database } from "@/e2e/access/database";
import { definitionOf, expect, loginAs, test, watchConsoleErrors } from "./fixtures";

// The clinician's pages: patient search, the chart and its tabs, SSN reveal, allergies, demographics, emergency
// access; and what a compliance user may not do there. The e2e database holds the demo seed (60 patients, seed
// 42), in which Leonel Runolfsson (MRN8961147) has no recorded allergies and two HL7 messages.

const PATIENT = { first: "Leonel", last: "Runolfsson", mrn: "MRN8961147", misspelt: "Leonel Runolfson" };

/** Unique per run, so a retried test never meets what an earlier attempt wrote. */
const runId = randomBytes(3).toString("hex");

async function patientIdOf(mrn: string): Promise<string> {
  const { rows } = await database().query<{ id: string }>("SELECT id FROM patients WHERE mrn = $1", [mrn]);
  const id = rows[0]?.id;
  if (!id) throw new Error(`The demo seed has no patient ${mrn}`);
  return id;
}

test.afterAll(async () => {
  await closeDatabase();
});

test("a clinician finds a patient by a misspelt name, reads every tab, reveals the SSN, adds an allergy and edits demographics", async ({ page, loginAs }) => {
  // The longest journey (every tab, two forms, a reveal): 24–31 s on two busy cores, against a default of 30 s.
  test.slow();
  await loginAs("clinician");
  await page.goto("/patients");
  await expect(page.getByRole("heading", { level: 1, name: "Patients" })).toBeVisible();

  // Search: Enter submits the filters, which end up in the URL.
  const name = page.getByRole("search", { name: "Patient search" }).getByLabel("Name");
  await name.fill(PATIENT.misspelt);
  await name.press("Enter");
  await expect(page).toHaveURL(/[?&]name=Leonel\+Runolfson(?:&|$)/);
  await page.getByRole("link", { name: `${PATIENT.last}, ${PATIENT.first}` }).click();

  // The chart header.
  await expect(page.getByRole("heading", { level: 1, name: new RegExp(`^${PATIENT.first} .*${PATIENT.last}$`) })).toBeVisible();
  await expect(definitionOf(page, "MRN")).toHaveText(`${PATIENT.mrn} assigned by MERIDIAN`);
  await expect(definitionOf(page, "Age")).toHaveText(/^\d+ years$/);
  await expect(definitionOf(page, "Sex")).toHaveText("Male");
  const banner = page.getByRole("region", { name: "Allergy alerts" });
  await expect(banner).toBeVisible();

  // The chart reads like a clinician writes: one blood pressure, units as written (UCUM code in the tooltip),
  // coded demographics as words.
  const vitals = page.getByRole("region", { name: "Latest vitals" });
  await expect(definitionOf(vitals, "Blood pressure")).toHaveText(/^\d+\/\d+ mmHg/);
  await expect(definitionOf(vitals, "Blood pressure").locator("[title]").first()).toHaveAttribute("title", "UCUM mm[Hg]");
  await expect(definitionOf(vitals, "Body temperature")).toHaveText(/^\d+(\.\d)? °C/);
  await expect(definitionOf(vitals, "Heart rate")).toHaveText(/^\d+\/min/);
  await expect(vitals.getByText(/Systolic|Diastolic|mm\[Hg\]|Cel\b/)).toHaveCount(0);
  await expect(definitionOf(page.getByRole("region", { name: "Demographics" }), "Marital status")).toHaveText(/^(Married|Single|Divorced|Widowed|Separated)$/);
  await expect(definitionOf(page.getByRole("region", { name: "Demographics" }), "Preferred language")).toHaveText(/^[A-Z][a-z]+/);
  // The source EMR's own id for the patient, with who assigned it; never an SSN.
  await expect(definitionOf(page.getByRole("region", { name: "Demographics" }), "Other identifiers")).toHaveText(/^\S+ · PI · (EPIC|MILLENNIUM|HUB)$/);

  // Every tab, each with its own URL; Back returns to the previous tab.
  const tabs = page.getByRole("tablist", { name: "Patient chart" });
  await expect(tabs.getByRole("tab", { name: "Summary" })).toHaveAttribute("aria-selected", "true");
  await expect(page.getByRole("heading", { name: "Latest vitals" })).toBeVisible();
  const visits = [
    { tab: "Observations", heading: "All results" },
    { tab: "Medications", heading: "Current medications" },
    { tab: "Allergies", heading: "Allergies and intolerances" },
    { tab: "Messages", heading: "HL7 messages" },
    { tab: "Sources", heading: "Records by source" },
  ];
  for (const { tab, heading } of visits) {
    await tabs.getByRole("tab", { name: new RegExp(`^${tab}`) }).click();
    await expect(page).toHaveURL(new RegExp(`[?&]tab=${tab.toLowerCase()}(?:&|$)`));
    await expect(page.getByRole("heading", { name: new RegExp(`^${heading}`) })).toBeVisible();
    if (tab === "Observations") {
      await expect(page.getByRole("img", { name: /over time$/ }).first()).toBeVisible();
      await expect(page.getByRole("table", { name: "Results" }).getByRole("row").filter({ hasText: "Blood pressure" }).first()).toContainText(/\d+\/\d+ mmHg/);
      // Every result, a page at a time from the server, the page in the URL beside the tab.
      const { rows: counted } = await database().query<{ count: string }>(
        "SELECT count(*) FROM observations o JOIN patients p ON p.id = o.patient_id WHERE p.mrn = $1",
        [PATIENT.mrn],
      );
      const total = Number(counted[0]?.count).toLocaleString("en-US");
      const paging = page.getByRole("navigation", { name: "Pagination" });
      await paging.getByLabel("Rows per page").selectOption("10");
      await expect(page).toHaveURL(/[?&]pageSize=10(?:&|$)/);
      await expect(paging.getByText(`1–10 of ${total} results`)).toBeVisible();
      await paging.getByRole("button", { name: "Next page" }).click();
      await expect(page).toHaveURL(/[?&]page=2(?:&|$)/);
      await expect(page).toHaveURL(/[?&]tab=observations(?:&|$)/);
      await expect(paging.getByText(`11–20 of ${total} results`)).toBeVisible();
    }
  }
  await expect(page.getByRole("row", { name: /cerner-east/ })).toBeVisible();
  await page.goBack();
  await expect(tabs.getByRole("tab", { name: /^Messages/ })).toHaveAttribute("aria-selected", "true");
  await expect(page.getByRole("heading", { name: /^HL7 messages/ })).toBeVisible();

  // Complete a current medication: it moves to the past medications.
  await tabs.getByRole("tab", { name: /^Medications/ }).click();
  const change = page.getByRole("region", { name: /^Current medications/ }).getByRole("button", { name: /^Change status of / }).first();
  const medication = (await change.textContent())?.replace("Change status of", "").trim() ?? "";
  const completedRows = page.getByRole("region", { name: /^Past medications/ }).getByRole("row").filter({ hasText: medication }).filter({ hasText: "Completed" });
  const completedBefore = await completedRows.count();
  // The change happens in a dialog: focus moves into it, Escape closes it and returns focus to the button.
  await change.click();
  const statusDialog = page.getByRole("dialog", { name: "Change medication status" });
  await expect(statusDialog).toBeVisible();
  await expect(statusDialog.getByLabel("New status")).toBeFocused();
  // Focus is trapped: past the last control (the close button) it wraps to the first.
  for (let i = 0; i < 5; i++) await page.keyboard.press("Tab");
  await expect(statusDialog.getByLabel("New status")).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(statusDialog).toBeHidden();
  await expect(change).toBeFocused();
  await change.click();
  const statusForm = statusDialog.getByRole("form", { name: `Change status of ${medication}` });
  await statusForm.getByLabel("New status").selectOption("completed");
  await statusForm.getByLabel("Reason (optional)").fill("Course finished");
  await statusForm.getByRole("button", { name: "Save status" }).click();
  await expect(statusDialog).toBeHidden();
  await expect(completedRows).toHaveCount(completedBefore + 1);

  // Reveal the SSN: a reason is required and the full number replaces the mask.
  const ssn = definitionOf(page, "SSN");
  await expect(ssn).toContainText(/•••-••-\d{4}/);
  const last4 = /(\d{4})/.exec(await ssn.innerText())?.[1];
  await ssn.getByRole("button", { name: "Reveal" }).click();
  const revealDialog = page.getByRole("dialog", { name: "Reveal the full SSN" });
  const revealForm = revealDialog.getByRole("form", { name: "Reveal SSN" });
  const reason = revealForm.getByLabel("Reason for revealing the SSN");
  await expect(reason).toBeFocused();
  await revealForm.getByRole("button", { name: "Reveal SSN" }).click();
  await expect(reason).toHaveAttribute("aria-invalid", "true");
  await reason.fill("Verifying identity with the patient for an insurance claim");
  await revealForm.getByRole("button", { name: "Reveal SSN" }).click();
  await expect(revealDialog).toBeHidden();
  await expect(ssn).toContainText(new RegExp(`\\d{3}-\\d{2}-${last4}`));
  await ssn.getByRole("button", { name: "Hide" }).click();
  await expect(ssn).toContainText(`•••-••-${last4}`);

  // Add a high-criticality allergy; the banner shows it.
  const allergen = `Latex ${runId}`;
  await expect(banner).not.toContainText(allergen);
  await tabs.getByRole("tab", { name: /^Allergies/ }).click();
  await page.getByRole("button", { name: "Add allergy" }).click();
  const allergyForm = page.getByRole("form", { name: "New allergy" });
  await allergyForm.getByLabel("Allergen").fill(allergen);
  await allergyForm.getByLabel("Category").selectOption("environment");
  await allergyForm.getByLabel("Criticality").selectOption("high");
  await allergyForm.getByLabel("Reaction 1", { exact: true }).fill("Anaphylaxis");
  await allergyForm.getByLabel("Severity of reaction 1").selectOption("severe");
  await allergyForm.getByRole("button", { name: "Add allergy" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Allergy added." })).toBeVisible();
  await expect(banner.getByRole("listitem").filter({ hasText: allergen })).toContainText("High criticality");
  await expect(page.getByRole("row", { name: new RegExp(allergen) })).toContainText("Anaphylaxis (severe)");

  // Edit demographics: an invalid email is refused next to its field, then a valid one is saved.
  await page.getByRole("link", { name: "Edit demographics" }).click();
  await expect(page.getByRole("heading", { level: 1, name: /^Edit demographics/ })).toBeVisible();
  const email = page.getByLabel("Email");
  await email.fill("not-an-email");
  await page.getByRole("button", { name: "Save demographics" }).click();
  await expect(email).toHaveAttribute("aria-invalid", "true");
  await expect(email).toBeFocused();
  await expect(page.locator(`#${await email.getAttribute("aria-describedby")}`)).toHaveText("Must be an email address");
  const newEmail = `leonel.${runId}@example.test`;
  await email.fill(newEmail);
  await page.getByLabel("City", { exact: true }).fill("Springfield");
  await page.getByRole("button", { name: "Save demographics" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Demographics saved." })).toBeVisible();
  await expect(email).not.toHaveAttribute("aria-invalid", "true");
  await page.getByRole("link", { name: "Back to chart" }).first().click();
  await expect(definitionOf(page, "Email")).toHaveText(newEmail);
  await expect(definitionOf(page, "Address")).toContainText("Springfield");
});

test("the patient list keeps filters, sort and page in the URL", async ({ page, loginAs }) => {
  await loginAs("clinician");
  await page.goto("/patients");
  const summary = page.getByRole("navigation", { name: "Pagination" });
  await expect(summary.getByText(/^1–25 of \d+ patients$/)).toBeVisible();

  await page.getByRole("columnheader", { name: /^MRN/ }).getByRole("button").click();
  await expect(page).toHaveURL(/[?&]sort=mrn&dir=asc/);
  await expect(page.getByRole("columnheader", { name: /^MRN/ })).toHaveAttribute("aria-sort", "ascending");
  await summary.getByRole("button", { name: "Next page" }).click();
  await expect(page).toHaveURL(/[?&]page=2/);
  await expect(summary.getByText(/^Page 2 of \d+$/)).toBeVisible();
  await page.goBack();
  await expect(page).not.toHaveURL(/page=2/);
  await expect(summary.getByText(/^Page 1 of \d+$/)).toBeVisible();

  // MRN prefix search keeps the sort.
  const search = page.getByRole("search", { name: "Patient search" });
  await search.getByLabel("MRN", { exact: true }).fill("MRN89");
  await search.getByLabel("MRN starts with").check();
  await search.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/[?&]mrn=MRN89(?:&|$)/);
  await expect(page).toHaveURL(/[?&]mrnPrefix=true(?:&|$)/);
  await expect(page).toHaveURL(/[?&]sort=mrn(?:&|$)/);
  await expect(page.getByRole("cell", { name: PATIENT.mrn })).toBeVisible();

  // Nothing matches: the empty state offers to clear the filters.
  await search.getByLabel("MRN starts with").uncheck();
  await search.getByLabel("MRN", { exact: true }).fill("NO-SUCH-MRN-0");
  await search.getByLabel("MRN", { exact: true }).press("Enter");
  await expect(page.getByText("No patients match these filters.")).toBeVisible();
  await page.getByRole("link", { name: "clear filters", exact: true }).click();
  await expect(page).toHaveURL(/\/patients$/);
  await expect(summary.getByText(/^1–25 of \d+ patients$/)).toBeVisible();
});

/** Two records of one person from two facilities, the first merged into the second as ADT^A40 leaves them. */
async function mergedPair(): Promise<{ prior: { id: string; mrn: string }; survivor: { id: string; mrn: string }; lastName: string }> {
  const lastName = `Mergeson${runId}`;
  const insert = async (mrn: string, authority: string) => {
    const { rows } = await database().query<{ id: string }>(
      `INSERT INTO patients (mrn, mrn_authority, first_name, last_name, birth_date, gender, updated_at)
       VALUES ($1, $2, 'Rosa', $3, '1961-02-03', 'female', now()) RETURNING id`,
      [mrn, authority, lastName],
    );
    return { id: rows[0]?.id ?? "", mrn };
  };
  const prior = await insert(`OLD-${runId}`, "ST-MARY");
  const survivor = await insert(`NEW-${runId}`, "GENERAL");
  await database().query("UPDATE patient_identifiers SET patient_id = $2 WHERE patient_id = $1", [prior.id, survivor.id]);
  await database().query("UPDATE patients SET merged_into_id = $2, merged_at = now() WHERE id = $1", [prior.id, survivor.id]);
  return { prior, survivor, lastName };
}

test("a merged record's old MRN leads to the surviving patient, and its chart says it was merged", async ({ page, loginAs }) => {
  const { prior, survivor, lastName } = await mergedPair();
  await loginAs("clinician");
  await page.goto("/patients");
  const search = page.getByRole("search", { name: "Patient search" });
  await search.getByLabel("MRN", { exact: true }).fill(prior.mrn);
  await search.getByLabel("MRN", { exact: true }).press("Enter");
  const results = page.getByRole("table", { name: "Patients" });
  await expect(results.getByRole("row")).toHaveCount(2);
  const row = results.getByRole("row", { name: new RegExp(lastName) });
  await expect(row.getByRole("cell", { name: `${survivor.mrn} assigned by GENERAL` })).toContainText(`Found by ${prior.mrn} · MR · ST-MARY`);

  // Asked for, the merged record is listed too, badged, with a link to the survivor.
  await search.getByLabel("MRN", { exact: true }).fill("");
  await search.getByLabel("Name").fill(`Rosa ${lastName}`);
  await search.getByLabel("Include merged records").check();
  await search.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/[?&]includeMerged=true(?:&|$)/);
  await expect(results.getByRole("row")).toHaveCount(3);
  await expect(results.getByRole("link", { name: /^Merged: open the surviving record/ })).toHaveAttribute("href", `/patients/${survivor.id}`);
  const axeViolations = async () => (await new AxeBuilder({ page }).analyze()).violations.map((violation) => violation.id);
  expect(await axeViolations()).toEqual([]);

  await page.goto(`/patients/${prior.id}`);
  const banner = page.getByRole("note", { name: "Merged record" });
  await expect(banner).toContainText("This record was merged into another patient");
  await expect(definitionOf(page, "MRN")).toHaveText(`${prior.mrn} assigned by ST-MARY`);
  await expect(page.getByRole("link", { name: "Edit demographics" })).toHaveCount(0);
  expect(await axeViolations()).toEqual([]);
  await banner.getByRole("link", { name: "Open the surviving record" }).click();
  await expect(page).toHaveURL(new RegExp(`/patients/${survivor.id}$`));
  await expect(definitionOf(page, "MRN")).toHaveText(`${survivor.mrn} assigned by GENERAL`);
  await expect(definitionOf(page.getByRole("region", { name: "Demographics" }), "Other identifiers")).toHaveText(`${prior.mrn} · MR · ST-MARY`);
  await expect(page.getByRole("note", { name: "Merged record" })).toHaveCount(0);
});

test("compliance restricts a new chart; a clinician opens it only by breaking the glass and cannot lift the restriction", async ({ page, browser, loginAs: signInAs }) => {
  test.slow();
  await signInAs("clinician");
  await page.goto("/patients");
  await page.getByRole("link", { name: "Register patient" }).click();
  const form = page.getByRole("form", { name: "Register patient" });
  await expect(form.getByLabel("Restricted record")).toHaveCount(0);
  await form.getByLabel("MRN").fill(`E2E-${runId}`);
  await form.getByLabel("Assigning authority").fill("E2E-CLINIC");
  await form.getByLabel("First name").fill("Robin");
  await form.getByLabel("Last name").fill(`Restricted${runId}`);
  await form.getByLabel("Birth date").fill("1980-02-29");
  await form.getByRole("button", { name: "Register patient" }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Robin Restricted${runId}` })).toBeVisible();
  await expect(definitionOf(page, "MRN")).toHaveText(`E2E-${runId} assigned by E2E-CLINIC`);
  const chartUrl = page.url();
  const patientId = await patientIdOf(`E2E-${runId}`);

  // The privacy officer restricts it, in a dialog that asks why.
  const complianceContext = await browser.newContext();
  const assertNoComplianceErrors = watchConsoleErrors(complianceContext);
  const officer = await complianceContext.newPage();
  await loginAs(officer, "compliance");
  await officer.goto(chartUrl);
  await officer.getByRole("button", { name: "Restrict chart" }).click();
  const restrictDialog = officer.getByRole("dialog", { name: "Restrict this chart" });
  await restrictDialog.getByLabel("Reason").fill("Patient is a public figure; confidentiality requested");
  await restrictDialog.getByRole("button", { name: "Restrict chart" }).click();
  await expect(restrictDialog).toBeHidden();
  await expect(officer.getByRole("button", { name: "Lift restriction" })).toBeVisible();
  const { rows: changes } = await database().query<{ details: { changes: { restricted: { from: boolean; to: boolean } }; reason: string } }>(
    "SELECT details FROM audit_logs WHERE action = 'patient.restriction_changed' AND patient_id = $1 AND status = 'success'",
    [patientId],
  );
  expect(changes.map((row) => row.details)).toEqual([
    expect.objectContaining({ changes: { restricted: { from: false, to: true } }, reason: "Patient is a public figure; confidentiality requested" }),
  ]);

  // Even its author now sees the chart only through break the glass.
  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: "Restricted record" })).toBeVisible();
  await expect(page.getByText(/time-limited and is flagged for compliance review/)).toBeVisible();
  const reason = page.getByLabel("Reason for emergency access");
  await reason.fill("ED");
  await page.getByRole("button", { name: "Break the glass" }).click();
  await expect(reason).toHaveAttribute("aria-invalid", "true");
  await reason.fill("Unconscious patient in the emergency department, medication history needed");
  await page.getByRole("button", { name: "Break the glass" }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Robin Restricted${runId}` })).toBeVisible();
  await expect(page.getByText("Restricted record", { exact: true })).toBeVisible();
  await expect(page.getByRole("region", { name: "Allergy alerts" })).toContainText("No known allergies");

  // The grant opens the chart, not its restriction: no control, and the API refuses it.
  await expect(page.getByRole("button", { name: "Lift restriction" })).toHaveCount(0);
  const refused = await page.request.put(`/api/v1/patients/${patientId}/restriction`, {
    headers: { origin: new URL(chartUrl).origin, "content-type": "application/json" },
    data: { restricted: false, reason: "Opening the chart for the whole team" },
  });
  expect(refused.status()).toBe(403);
  const { rows: stillRestricted } = await database().query<{ restricted: boolean }>("SELECT restricted FROM patients WHERE id = $1", [patientId]);
  expect(stillRestricted).toEqual([{ restricted: true }]);

  // The list marks the record with a lock badge.
  await page.goto(`/patients?mrn=E2E-${runId}`);
  const row = page.getByRole("row", { name: new RegExp(`Restricted${runId}, Robin`) });
  await expect(row.getByText("Restricted", { exact: true })).toBeVisible();

  // The officer lifts the restriction again.
  await officer.getByRole("button", { name: "Lift restriction" }).click();
  const liftDialog = officer.getByRole("dialog", { name: "Lift the restriction" });
  await liftDialog.getByLabel("Reason").fill("Confidentiality request withdrawn by the patient");
  await liftDialog.getByRole("button", { name: "Lift restriction" }).click();
  await expect(officer.getByRole("button", { name: "Restrict chart" })).toBeVisible();
  await complianceContext.close();
  assertNoComplianceErrors();
});

test("a compliance user reads demographics without edit controls and is refused the edit page", async ({ page, loginAs }) => {
  const patientId = await patientIdOf(PATIENT.mrn);
  await loginAs("compliance");

  await page.goto(`/patients/${patientId}`);
  await expect(page.getByRole("heading", { level: 1, name: new RegExp(`${PATIENT.last}$`) })).toBeVisible();
  await expect(page.getByText("Clinical records are not shown to your role.", { exact: false })).toBeVisible();
  await expect(page.getByRole("link", { name: "Edit demographics" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Reveal" })).toHaveCount(0);
  await expect(page.getByRole("tablist")).toHaveCount(0);

  // Pages check before anything streams: the refusal is the 403 page, a 403 status and one audit row.
  for (const path of [`/patients/${patientId}/edit`, "/patients"]) {
    const requestId = randomUUID();
    await page.setExtraHTTPHeaders({ "x-request-id": requestId });
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(403);
    await expect(page.getByRole("heading", { level: 1, name: "Not allowed" })).toBeVisible();
    await expect(page.getByRole("form", { name: "Edit demographics" })).toHaveCount(0);
    const denials = (await auditRowsOf(requestId)).filter((row) => row.status === "denied");
    expect(denials, path).toEqual([expect.objectContaining({ action: "access.denied", status_code: 403 })]);
  }
});

test("an unknown or malformed patient id is a real 404 inside the app, and the failed lookup is audited", async ({ page, loginAs: signInAs }) => {
  const clinician = await signInAs("clinician");
  const { rows: users } = await database().query<{ id: string }>("SELECT id::text AS id FROM users WHERE email = $1", [clinician.email]);
  const userId = users[0]?.id;
  for (const id of [randomUUID(), `nope-${runId}`]) {
    for (const path of [`/patients/${id}`, `/patients/${id}/edit`]) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(404);
      await expect(page.getByRole("heading", { level: 1, name: "Patient not found" })).toBeVisible();
      await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
    }
    const { rows } = await database().query<{ action: string; status: string; status_code: number }>(
      "SELECT action, status, status_code FROM audit_logs WHERE resource_id = $1 AND user_id = $2 ORDER BY id",
      [id, userId],
    );
    expect(rows, id).toEqual([
      { action: "patient.viewed", status: "failure", status_code: 404 },
      { action: "patient.viewed", status: "failure", status_code: 404 },
    ]);
  }
});

test("a path no page has is a 404 inside the signed-in shell; signed out, it asks to sign in first", async ({ page, loginAs: signInAs }) => {
  const signedOut = await page.goto(`/nope-${runId}`);
  await expect(page).toHaveURL(/\/login(?:\?|$)/);
  expect(signedOut?.status()).toBe(200);
  // An API caller is not sent to a sign-in page: an unknown API path stays a plain 404.
  const api = await page.request.get(`/api/v1/nope-${runId}`, { maxRedirects: 0 });
  expect(api.status()).toBe(404);

  await signInAs("clinician");
  const response = await page.goto(`/nope-${runId}/deeper`);
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav).toBeVisible();
  await nav.getByRole("link", { name: "Patients" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Patients" })).toBeVisible();
});
