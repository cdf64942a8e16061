import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import AxeBuilder from "@axe-core/playwright";
import { closeDatabase, database } from "@/e2e/access/database";
import { expect, test } from "@/e2e/fixtures";

test.afterAll(async () => {
  await closeDatabase();
});

const today = () => new Date().toISOString().slice(0, 10);

test("a compliance officer reads the period's report, downloads its CSV and one patient's accounting of disclosures", async ({ page, loginAs }) => {
  const { rows } = await database().query<{ id: string; mrn: string }>("SELECT id::text AS id, mrn FROM patients ORDER BY mrn LIMIT 1");
  const patient = rows[0]!;
  const system = `e2e-lab-feed-${randomUUID().slice(0, 8)}`;
  await database().query(
    `INSERT INTO audit_logs (event_type, action, user_id, username, user_role, patient_id, patient_mrn, data_category, status)
     VALUES ('data_access', 'patient.viewed', $1, $1, 'integration', $2::uuid, $3, 'labs', 'success')`,
    [system, patient.id, patient.mrn],
  );

  await loginAs("compliance");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Compliance" }).click();
  await expect(page.getByRole("heading", { name: "HIPAA compliance report" })).toBeVisible();

  const period = page.getByRole("form", { name: "Report period" });
  await period.getByLabel("From (UTC date)").fill("2020-01-01");
  await period.getByLabel("To (UTC date, included)").fill(today());
  await period.getByRole("button", { name: "Show report" }).click();
  await expect(page).toHaveURL(/from=2020-01-01/);
  await expect(page.getByText(`Period 2020-01-01 to ${today()}`)).toBeVisible();
  const access = page.getByRole("table", { name: "Successful data accesses by role and data category" });
  await expect(access.getByRole("row", { name: /Integration\s+Labs/ })).toBeVisible();
  expect(await new AxeBuilder({ page }).analyze().then((result) => result.violations.map((violation) => violation.id))).toEqual([]);

  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download CSV" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(`meridian-compliance-2020-01-01-${today()}.csv`);
  const csv = await readFile((await download.path()) ?? "", "utf8");
  expect(csv.split("\r\n")[0]).toBe("section,metric,value");
  expect(csv).toMatch(/\r\naccess,integration \/ labs,[1-9]\d*\r\n/);

  await page.getByRole("link", { name: "Accounting of disclosures" }).click();
  const form = page.getByRole("form", { name: "Patient and period" });
  await form.getByLabel("Patient MRN").fill(patient.mrn);
  await form.getByRole("button", { name: "Show disclosures" }).click();
  await expect(page.getByRole("heading", { name: `Accounting of disclosures for patient ${patient.mrn}` })).toBeVisible();
  await expect(page.getByRole("table", { name: "Disclosures of this patient's data" }).getByRole("row", { name: new RegExp(system) })).toBeVisible();
  expect(await new AxeBuilder({ page }).analyze().then((result) => result.violations.map((violation) => violation.id))).toEqual([]);

  const audited = await database().query<{ count: number }>(
    "SELECT count(*)::int AS count FROM audit_logs WHERE action IN ('audit.viewed', 'audit.exported') AND details->>'report' IN ('compliance', 'disclosures') AND timestamp > now() - interval '10 minutes'",
  );
  expect(audited.rows[0]!.count).toBeGreaterThanOrEqual(3);
});

test("a clinician is refused the compliance report", async ({ page, loginAs }) => {
  await loginAs("clinician");
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Compliance" })).toHaveCount(0);
  const response = await page.goto("/compliance");
  expect(response?.status()).toBe(403);
});
