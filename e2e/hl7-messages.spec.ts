import { definitionOf, expect, test } from "./fixtures";
import { closeDatabase, database } from "@/e2e/access/database";
import { JOURNEY_BAD_RESULT, JOURNEY_MERGES } from "@/e2e/hl7-journey";

// The message store's journeys. scripts/e2e.ts sent e2e/hl7-journey.ts's messages through the real ingest: two
// ADT^A40 merges that arrived before the registration of the record they merge away (failed, 204 at MRG-1; the
// registration came next, so their cause is fixed), and a result with an unreadable value type (102 at OBX-2).

test.afterAll(async () => {
  await closeDatabase();
});

const [FIRST_MERGE, SECOND_MERGE] = JOURNEY_MERGES;
if (!FIRST_MERGE || !SECOND_MERGE) throw new Error("The journey fixture has two merges");

test("an admin finds a failed message, reads why, reprocesses it and sees the new outcome and the patient", async ({ page, loginAs }) => {
  await loginAs("admin");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "HL7 messages" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "HL7 messages" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Last hour" }).getByText("Failed")).toBeVisible();

  // Filter: failed messages of this sender.
  const filters = page.getByRole("search", { name: "Filter HL7 messages" });
  await filters.getByLabel("Status").selectOption("error");
  await filters.getByLabel("Sending facility").fill("EASTHOSP");
  await filters.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/[?&]status=error(&|$)/);
  const table = page.getByRole("table", { name: "HL7 messages" });
  const row = table.getByRole("row").filter({ has: page.getByRole("cell", { name: FIRST_MERGE.controlId, exact: true }) });
  await expect(row).toContainText("ADT^A40");
  await expect(row).toContainText("204 at MRG-1");
  await row.getByRole("link").first().click();
  await expect(page).toHaveURL(/\/hl7\/[0-9a-f-]{36}$/);
  const messageId = page.url().split("/").at(-1) ?? "";

  // Why it failed: the error, its location, the offending field marked in the raw message, the AE that was sent.
  await expect(page.getByRole("heading", { level: 1, name: "ADT^A40 message" })).toBeVisible();
  const error = page.getByRole("alert", { name: "Processing error" });
  await expect(error).toContainText("204 Unknown key identifier");
  await expect(error).toContainText("MRG-1 names no patient Meridian knows");
  await expect(error).toContainText("Location: MRG-1");
  const raw = page.getByRole("table", { name: "Raw message" });
  await expect(raw.locator('[data-field="MRG-1"]')).toHaveAttribute("title", "MRG-1 Prior Patient Identifier List: the processing error points here");
  await expect(raw.locator('[data-field="PID-7"]')).toHaveAttribute("title", "PID-7 Date/Time of Birth");
  await expect(page.getByRole("table", { name: "Acknowledgement" })).toContainText(`MSA|AE|${FIRST_MERGE.controlId}`);

  // The cause (the prior record unknown) was fixed by its late registration: reprocess.
  await page.getByRole("button", { name: "Reprocess", exact: true }).click();
  await expect(page.getByRole("list", { name: "Reprocess outcome" })).toContainText(`${FIRST_MERGE.controlId}: processed · ACK AA · retry 1`);
  await expect(page.getByRole("alert", { name: "Processing error" })).toHaveCount(0);
  await expect(definitionOf(page, "Retry count")).toHaveText("1");
  await expect(page.getByRole("table", { name: "Acknowledgement" })).toContainText(`MSA|AA|${FIRST_MERGE.controlId}`);
  await expect(page.getByRole("table", { name: "Records created or changed" })).toContainText("Merged");

  // Reading the raw message is audited like a chart read: the patient's id and MRN, and the data category.
  const { rows: audits } = await database().query<{ patient_mrn: string | null; data_category: string | null }>(
    "SELECT patient_mrn, data_category FROM audit_logs WHERE action = 'hl7.viewed' AND resource_id = $1 AND patient_id IS NOT NULL",
    [messageId],
  );
  expect(audits).toContainEqual({ patient_mrn: FIRST_MERGE.survivor.mrn, data_category: "messages" });

  // The merge now belongs to the surviving patient (the chart itself is the clinicians': see the last journey).
  await expect(definitionOf(page, "Patient")).toHaveText(`MRN ${FIRST_MERGE.survivor.mrn} (EASTHOSP)`);
});

test("an admin reprocesses failed messages selected in the list", async ({ page, loginAs }) => {
  await loginAs("admin");
  await page.goto(`/hl7?status=error&event=A40&sendingFacility=EASTHOSP`);
  const table = page.getByRole("table", { name: "HL7 messages" });
  await table.getByRole("checkbox", { name: `Select message ${SECOND_MERGE.controlId}` }).check();
  await page.getByRole("button", { name: "Reprocess selected" }).click();
  await expect(page.getByRole("list", { name: "Reprocess outcome" })).toContainText(`${SECOND_MERGE.controlId}: processed · ACK AA · retry 1`);
  // The list shows the new state: the message is no longer among the failed ones.
  await expect(table.getByRole("cell", { name: SECOND_MERGE.controlId, exact: true })).toHaveCount(0);
});

test("a clinician reads the list and a failed message but gets no reprocess controls", async ({ page, loginAs }) => {
  await loginAs("clinician");
  await page.goto(`/hl7?controlId=${JOURNEY_BAD_RESULT.controlId}`);
  const table = page.getByRole("table", { name: "HL7 messages" });
  const row = table.getByRole("row").filter({ hasText: JOURNEY_BAD_RESULT.controlId });
  await expect(row).toContainText("102 at OBX-2");
  await expect(table.getByRole("checkbox")).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Reprocess selected" })).toHaveCount(0);

  await row.getByRole("link").first().click();
  await expect(page.getByRole("alert", { name: "Processing error" })).toContainText("OBX-2");
  await expect(page.getByRole("table", { name: "Raw message" }).locator('[data-field="OBX-2"]')).toHaveAttribute("title", /^OBX-2 Value Type: the processing error points here$/);
  await expect(page.getByRole("button", { name: /Reprocess/ })).toHaveCount(0);
});

test("a clinician follows a message to the patient's chart, and from its Messages tab back", async ({ page, loginAs }) => {
  await loginAs("clinician");
  const registration = `${FIRST_MERGE.controlId}-REG`;
  await page.goto(`/hl7?controlId=${registration}`);
  await page.getByRole("table", { name: "HL7 messages" }).getByRole("row").filter({ hasText: registration }).getByRole("link").first().click();
  await expect(page).toHaveURL(/\/hl7\/[0-9a-f-]{36}$/);
  const messageId = page.url().split("/").at(-1) ?? "";
  await expect(page.getByRole("table", { name: "Records created or changed" })).toContainText("Created");
  await page.getByRole("link", { name: `MRN ${FIRST_MERGE.survivor.mrn} (EASTHOSP)` }).click();
  await expect(page.getByRole("heading", { level: 1, name: new RegExp(`${FIRST_MERGE.survivor.given}.*${FIRST_MERGE.survivor.family}`) })).toBeVisible();

  await page.getByRole("tab", { name: /Messages/ }).click();
  const messages = page.getByRole("table", { name: /HL7 messages/ });
  const row = messages.getByRole("row").filter({ has: page.getByRole("cell", { name: registration, exact: true }) });
  await expect(row.getByRole("link")).toHaveAttribute("href", `/hl7/${messageId}`);
  await row.getByRole("link").click();
  await expect(page.getByRole("heading", { level: 1, name: "ADT^A04 message" })).toBeVisible();
});

test("an unknown or malformed message id is a real 404, audited as a failed view", async ({ page, loginAs }) => {
  await loginAs("clinician");
  for (const id of ["00000000-0000-4000-8000-00000000e2e4", "not-a-message"]) {
    const response = await page.goto(`/hl7/${id}`);
    expect(response?.status(), id).toBe(404);
    await expect(page.getByRole("heading", { level: 1, name: "Message not found" })).toBeVisible();
    const { rows } = await database().query("SELECT status, status_code FROM audit_logs WHERE action = 'hl7.viewed' AND resource_id = $1", [id]);
    expect(rows, id).toEqual([{ status: "failure", status_code: 404 }]);
  }
});
