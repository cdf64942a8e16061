import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { auditRowsOf, closeDatabase, database } from "@/e2e/access/database";
import type { Locator } from "@playwright/test";
import { expect, loginAs as signInAs, test, watchConsoleErrors } from "@/e2e/fixtures";
import { AUDIT_CSV_HEADER } from "@/lib/audit/csv";

test.afterAll(async () => {
  await closeDatabase();
});

/** The links that open events: each row's time. */
const eventLinks = (table: Locator) => table.locator('a[href^="/audit/"]');

async function eventIds(table: Locator): Promise<string[]> {
  const hrefs = await eventLinks(table).evaluateAll((links) => links.map((link) => link.getAttribute("href") ?? ""));
  return hrefs.map((href) => href.replace("/audit/", ""));
}

test.describe("compliance officer reviews the audit trail", () => {
  test("sorts, filters, opens an event, verifies the chain and exports CSV", async ({ page, loginAs }) => {
    // A long journey on a small shared machine: the slow-test budget, like the other full journeys.
    test.slow();
    await loginAs("compliance");
    await page.goto("/audit");
    await expect(page.getByRole("heading", { level: 1, name: "Audit log" })).toBeVisible();
    const events = page.getByRole("table", { name: "Audit events" });
    await expect(eventLinks(events).first()).toBeVisible();

    // Sort by user: the URL holds the sort and the header says so.
    await events.getByRole("button", { name: "User", exact: true }).click();
    await expect(page).toHaveURL(/[?&]sort=username&dir=asc/);
    await expect(events.getByRole("columnheader", { name: "User", exact: true })).toHaveAttribute("aria-sort", "ascending");
    await events.getByRole("button", { name: "User", exact: true }).click();
    await expect(page).toHaveURL(/[?&]sort=username&dir=desc/);
    await expect(events.getByRole("columnheader", { name: "User", exact: true })).toHaveAttribute("aria-sort", "descending");

    // Filter by event type; the sort is kept, and the back button returns to the unfiltered list.
    const filters = page.getByRole("search", { name: "Filter audit events" });
    await filters.getByLabel("Event type").selectOption("authentication");
    await filters.getByRole("button", { name: "Apply filters" }).click();
    await expect(page).toHaveURL(/[?&]eventType=authentication/);
    await expect(page).toHaveURL(/[?&]sort=username/);
    await expect(events.getByRole("cell", { name: /^auth\./ }).first()).toBeVisible();
    await expect(events.getByRole("cell", { name: /^(patient|audit)\./ })).toHaveCount(0);
    await page.goBack();
    await expect(page).not.toHaveURL(/eventType=/);
    await expect(filters.getByLabel("Event type")).toHaveValue("");
    await page.goForward();
    await expect(filters.getByLabel("Event type")).toHaveValue("authentication");

    // Open one event: its time is the link.
    const first = eventLinks(events).first();
    const id = ((await first.getAttribute("href")) ?? "").replace("/audit/", "");
    await first.click();
    await expect(page.getByRole("heading", { level: 1, name: `Audit event #${id}` })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Hash chain" })).toBeVisible();
    await page.goto("/audit");

    // Verify the chain.
    await page.getByRole("button", { name: "Verify chain" }).click();
    await expect(page.getByText(/Chain OK:/)).toBeVisible();
    await expect(page.getByText(/\d[\d,]* rows verified/)).toBeVisible();

    // Export CSV.
    const downloading = page.waitForEvent("download");
    await page.getByRole("link", { name: "Export CSV" }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/^meridian-audit-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = await readFile((await download.path()) ?? "", "utf8");
    const [header, firstRow] = csv.split("\r\n");
    expect(header).toBe(AUDIT_CSV_HEADER.join(","));
    expect(firstRow).toMatch(/^\d+,\d{4}-\d{2}-\d{2}T/);
  });

  test("the log fits the screen with a reviewer's columns; more come from the column picker and are remembered", async ({ page, loginAs }) => {
    test.slow();
    await loginAs("compliance");
    await page.goto("/audit");
    const events = page.getByRole("table", { name: "Audit events" });
    await expect(eventLinks(events).first()).toBeVisible();
    const headers = events.getByRole("columnheader");
    await expect(headers).toHaveText(["Time (UTC)", "User", "Action", "Patient", "Outcome"]);
    // No horizontal scrolling: the table is no wider than its scroll container, Outcome and Patient are on screen.
    const overflow = await events.evaluate((table) => table.scrollWidth - (table.parentElement?.clientWidth ?? 0));
    expect(overflow).toBeLessThanOrEqual(0);
    const width = page.viewportSize()?.width ?? 0;
    for (const name of ["Patient", "Outcome"]) {
      const box = await events.getByRole("columnheader", { name, exact: true }).boundingBox();
      expect(box && box.x + box.width, `${name} column's right edge`).toBeLessThanOrEqual(width);
    }

    // Show the event type and the IP address; hide the patient.
    await page.getByRole("button", { name: /^Columns/ }).click();
    const picker = page.getByRole("dialog", { name: "Columns" });
    await picker.getByRole("checkbox", { name: "Event type" }).check();
    await picker.getByRole("checkbox", { name: "IP address" }).check();
    await picker.getByRole("checkbox", { name: "Patient (MRN)" }).uncheck();
    await picker.getByRole("button", { name: "Close" }).click();
    const chosen = ["Time (UTC)", "User", "Action", "Event type", "Outcome", "IP address"];
    await expect(headers).toHaveText(chosen);

    // Remembered: a new visit (and the server's first paint) shows the same columns.
    await page.reload();
    await expect(headers).toHaveText(chosen);
    const served = await (await page.request.get("/audit")).text();
    expect(served).toContain(">IP address<");

    // Back to the defaults.
    await page.getByRole("button", { name: /^Columns/ }).click();
    await page.getByRole("dialog", { name: "Columns" }).getByRole("button", { name: "Show the default columns" }).click();
    await page.keyboard.press("Escape");
    await expect(headers).toHaveText(["Time (UTC)", "User", "Action", "Patient", "Outcome"]);
  });

  test("pages by cursor: next, previous and the back button, each page different, no page numbers", async ({ page, loginAs }) => {
    test.slow();
    await loginAs("compliance");
    // Each view of the log is itself an audited event: enough of them for two pages of ten.
    for (let view = 0; view < 12; view += 1) expect((await page.request.get("/audit")).status()).toBe(200);
    await page.goto("/audit?pageSize=10");
    const events = page.getByRole("table", { name: "Audit events" });
    const pagination = page.getByRole("navigation", { name: "Pagination" });
    await expect(eventLinks(events)).toHaveCount(10);
    await expect(pagination.getByRole("button", { name: "Previous page" })).toBeDisabled();
    const firstPage = await eventIds(events);
    const firstTimes = await eventLinks(events).allTextContents();

    await pagination.getByRole("button", { name: "Next page" }).click();
    await expect(page).toHaveURL(/[?&]after=/);
    await expect.poll(() => eventIds(events)).not.toEqual(firstPage);
    const secondPage = await eventIds(events);
    expect(secondPage.filter((id) => firstPage.includes(id))).toEqual([]);
    // Newest first: no event on page 2 is newer than the oldest on page 1 (times as shown, "YYYY-MM-DD hh:mm:ss").
    const secondTimes = await eventLinks(events).allTextContents();
    expect((secondTimes.toSorted().at(-1) ?? "") <= (firstTimes.toSorted()[0] ?? "")).toBe(true);

    await pagination.getByRole("button", { name: "Previous page" }).click();
    await expect(page).toHaveURL(/[?&]before=/);
    // New events (this very review is one) may have joined page 1 meanwhile; the page before page 2 ends where it began.
    await expect.poll(async () => (await eventIds(events)).at(-1)).toBe(firstPage.at(-1));

    await page.goBack();
    await expect(page).toHaveURL(/[?&]after=/);
    await expect.poll(() => eventIds(events)).toEqual(secondPage);
    await pagination.getByRole("button", { name: "First page" }).click();
    await expect(page).not.toHaveURL(/after=|before=/);
  });

  test("the user filter takes % and _ literally, and a malformed cursor or event id is a 4xx", async ({ page, loginAs }) => {
    await loginAs("compliance");
    await page.goto("/audit");
    const filters = page.getByRole("search", { name: "Filter audit events" });
    await filters.getByLabel("User").fill("%");
    await filters.getByRole("button", { name: "Apply filters" }).click();
    await expect(page).toHaveURL(/[?&]user=%25/);
    await expect(page.getByText("No events match these filters.")).toBeVisible();

    await page.goto("/audit?after=not-a-cursor");
    await expect(page.getByRole("alert", { name: "Invalid filter" })).toContainText("This page link is not valid");

    for (const id of ["9223372036854775808", "99999999999999999999999", "-1", "abc"]) {
      const response = await page.goto(`/audit/${id}`);
      expect(response?.status(), id).toBe(404);
    }
  });

  test("runs the user and patient access reports", async ({ page, loginAs }) => {
    const user = await loginAs("compliance");
    await page.goto("/audit/reports");
    const userForm = page.getByRole("form", { name: "What did this user access" });
    await userForm.getByLabel("User name or e-mail").fill(user.email);
    await userForm.getByRole("button", { name: "Find user" }).click();
    await page.getByRole("link", { name: user.name }).click();
    await expect(page).toHaveURL(/\/audit\/reports\/user\?userId=/);
    const userEvents = page.getByRole("table", { name: "Events by this user" });
    await expect(userEvents.getByRole("cell", { name: "auth.login_succeeded" }).first()).toBeVisible();

    await page.goto("/audit/reports");
    const patientForm = page.getByRole("form", { name: "Who accessed this patient" });
    await patientForm.getByLabel("Patient MRN").fill("MRN-NOT-ON-FILE");
    await patientForm.getByRole("button", { name: "Run patient report" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Who accessed patient MRN-NOT-ON-FILE" })).toBeVisible();
    await expect(page.getByText("Nobody has accessed this patient's data in this period.")).toBeVisible();
  });

  test("the emergency-access shortcut lists break-the-glass events, each flagged", async ({ browser, page, loginAs }) => {
    // Two browsers and two sign-ins: on a loaded CI machine this took over the default 30 s once.
    test.slow();
    // A clinician breaks the glass on a restricted chart first, so there is at least one event to review.
    // A seeded restricted patient nobody holds a grant for (other journeys create and open their own).
    const { rows: restricted } = await database().query<{ id: string }>(
      `SELECT id::text AS id FROM patients p WHERE restricted
         AND NOT EXISTS (SELECT 1 FROM emergency_access_grants g WHERE g.patient_id = p.id)
       ORDER BY mrn DESC LIMIT 1`,
    );
    const patientId = restricted[0]?.id;
    if (!patientId) throw new Error("The e2e seed has no restricted patient");
    const clinicianContext = await browser.newContext();
    const assertNoClinicianConsoleErrors = watchConsoleErrors(clinicianContext);
    const clinician = await clinicianContext.newPage();
    await signInAs(clinician, "clinician");
    await clinician.goto(`/patients/${patientId}`);
    await clinician.getByLabel("Reason for emergency access").fill("Compliance review journey: unconscious patient, medication history needed");
    await clinician.getByRole("button", { name: "Break the glass" }).click();
    await expect(clinician.getByText("Restricted record", { exact: true })).toBeVisible();
    assertNoClinicianConsoleErrors();
    await clinicianContext.close();

    await loginAs("compliance");
    await page.goto("/audit");
    await page.getByRole("link", { name: "Emergency access" }).click();
    await expect(page).toHaveURL(/[?&]action=patient\.emergency_access/);
    await expect(page.getByRole("search", { name: "Filter audit events" }).getByLabel("Action")).toHaveValue("patient.emergency_access");
    const rows = page.getByRole("table", { name: "Audit events" }).locator("tbody tr");
    await expect(rows.first()).toBeVisible();
    for (const row of await rows.all()) await expect(row).toContainText("Emergency access");
  });
});

test("a clinician visiting the audit log gets the 403 page with a 403 status, and the denial is audited", async ({ page, loginAs }) => {
  await loginAs("clinician");
  const requestId = randomUUID();
  await page.setExtraHTTPHeaders({ "x-request-id": requestId });
  const response = await page.goto("/audit");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { level: 1, name: "Not allowed" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Audit events" })).toHaveCount(0);
  const denials = (await auditRowsOf(requestId)).filter((row) => row.status === "denied");
  expect(denials).toEqual([expect.objectContaining({ action: "access.denied", status_code: 403 })]);
});
