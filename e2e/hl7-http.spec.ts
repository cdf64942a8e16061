import { randomUUID } from "node:crypto";
import { auditRowsOf, closeDatabase, database, insertApiKey } from "@/e2e/access/database";
import { expect, test } from "@/e2e/fixtures";

// POST /api/v1/hl7 against the production build: the ACK comes back as the body over real HTTP, each message leaves
// its hl7.received audit row under the request's id, and a caller without hl7:ingest is refused and audited.

let integrationKey = "";
let clinicianKey = "";

test.beforeAll(async () => {
  integrationKey = await insertApiKey("integration", `e2e hl7 http ${randomUUID()}`);
  clinicianKey = await insertApiKey("clinician", `e2e hl7 http clinician ${randomUUID()}`);
});

test.afterAll(async () => {
  await closeDatabase();
});

const adt = (controlId: string, mrn: string, birth = "19750203") =>
  [`MSH|^~\\&|E2EHTTP|E2EHOSP|MERIDIAN|HUB|20261201083000||ADT^A01|${controlId}|P|2.5.1`, `PID|1||${mrn}^^^E2EHOSP^MR||Over^Http^Q||${birth}|F`].join("\r");

const headers = (key: string, requestId: string) => ({ authorization: `Bearer ${key}`, "content-type": "x-application/hl7-v2+er7", "x-request-id": requestId });

test("an interface key sends ADT^A01 over HTTP: AA after commit, the patient exists, one audit row; a resend gets the same ACK", async ({ request }) => {
  const controlId = `E2E-${randomUUID().slice(0, 8)}`;
  const mrn = `E2EH-${randomUUID().slice(0, 8)}`;
  const requestId = randomUUID();
  const response = await request.post("/api/v1/hl7", { headers: headers(integrationKey, requestId), data: adt(controlId, mrn) });
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toBe("x-application/hl7-v2+er7; charset=utf-8");
  const ack = await response.text();
  expect(ack.split("\r")[1]).toBe(`MSA|AA|${controlId}`);
  const { rows } = await database().query("SELECT mrn_authority, last_name FROM patients WHERE mrn = $1", [mrn]);
  expect(rows).toEqual([{ mrn_authority: "E2EHOSP", last_name: "Over" }]);
  expect((await auditRowsOf(requestId)).map((row) => [row.action, row.status])).toEqual([["hl7.received", "success"]]);

  const again = await request.post("/api/v1/hl7", { headers: headers(integrationKey, randomUUID()), data: adt(controlId, mrn) });
  expect(await again.text()).toBe(ack);
  expect((await database().query("SELECT 1 FROM patients WHERE mrn = $1", [mrn])).rowCount).toBe(1);
});

test("a bad date is answered AE with its ERR (still 200), nothing applied", async ({ request }) => {
  const controlId = `E2E-${randomUUID().slice(0, 8)}`;
  const mrn = `E2EH-${randomUUID().slice(0, 8)}`;
  const response = await request.post("/api/v1/hl7", { headers: headers(integrationKey, randomUUID()), data: adt(controlId, mrn, "19751340") });
  expect(response.status()).toBe(200);
  const ack = await response.text();
  expect(ack).toContain(`\rMSA|AE|${controlId}\r`);
  expect(ack).toMatch(/\rERR\|\|PID\^1\^7/);
  expect((await database().query("SELECT 1 FROM patients WHERE mrn = $1", [mrn])).rowCount).toBe(0);
});

test("a clinician key is refused (403, audited once); GET answers 405 with Allow; JSON 415", async ({ request }) => {
  const requestId = randomUUID();
  const refused = await request.post("/api/v1/hl7", { headers: headers(clinicianKey, requestId), data: adt(`E2E-${randomUUID().slice(0, 8)}`, "E2EH-X") });
  expect(refused.status()).toBe(403);
  expect(refused.headers()["content-type"]).toContain("application/problem+json");
  expect((await auditRowsOf(requestId)).map((row) => [row.status, row.status_code])).toEqual([["denied", 403]]);

  const get = await request.get("/api/v1/hl7", { headers: { authorization: `Bearer ${integrationKey}` } });
  expect(get.status()).toBe(405);
  expect(get.headers()["allow"]).toBe("OPTIONS, POST");

  const json = await request.post("/api/v1/hl7", { headers: { ...headers(integrationKey, randomUUID()), "content-type": "application/json" }, data: "{}" });
  expect(json.status()).toBe(415);
});
