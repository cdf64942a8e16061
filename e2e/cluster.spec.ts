import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { request as playwrightRequest, type APIRequestContext, type Page } from "@playwright/test";
import { Redis } from "ioredis";
import pg from "pg";
import { demoUser, expect, test, type DemoRole } from "@/e2e/fixtures";
import { connectMllp } from "@/lib/hl7/mllp/client";
import { resultMessage } from "@/lib/hl7/testing/sample-messages";
import { startCluster, type Cluster } from "@/lib/testing/cluster/cluster";
import { INSTANCE_HEADER } from "@/lib/testing/cluster/round-robin";
import { cloneTemplate, dropDatabase, ensureTemplate } from "@/lib/testing/databases";

// Two web servers, two MLLP listeners and two workers on one PostgreSQL and one Redis, behind round-robin fronts
// (lib/testing/cluster). Each test pins requests to one instance or the other (INSTANCE_HEADER) to show that
// nothing a user or a sender relies on lives in one process's memory. The cluster has its own database and Redis
// prefix: it locks an account out and runs workers, which the other journeys must not see.

const ROOT = path.resolve(import.meta.dirname, "..");
const A = 0;
const B = 1;

test.describe.configure({ mode: "serial" });

let cluster: Cluster;
let databaseName = "";
let sql: pg.Pool;
const redisPrefix = `cluster:${randomBytes(4).toString("hex")}:`;

function setting(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the browser tests through \`npm run test:e2e\``);
  return value;
}

test.beforeAll(async () => {
  test.setTimeout(180_000);
  const database = await cloneTemplate(await ensureTemplate());
  databaseName = database.name;
  const env = { ...process.env, DATABASE_URL: database.url, DIRECT_DATABASE_URL: database.url };
  const seeded = spawnSync(process.execPath, ["--conditions=react-server", "--import", "tsx", "lib/testing/cluster/seed-small.ts"], { cwd: ROOT, env, encoding: "utf8" });
  if (seeded.status !== 0) throw new Error(`seeding the cluster's database failed:\n${seeded.stderr}`);
  sql = new pg.Pool({ connectionString: database.url, max: 2 });
  cluster = await startCluster({
    env: {
      ...env,
      REDIS_KEY_PREFIX: redisPrefix,
      // Small limits, so that a handful of attempts spread over both instances reaches them.
      LOGIN_MAX_FAILURES: "3",
      LOGIN_RATE_LIMIT_PER_ACCOUNT: "5",
    },
  });
});

test.afterAll(async () => {
  await cluster?.stop();
  await sql?.end();
  if (databaseName) await dropDatabase(databaseName);
  const redis = new Redis(setting("REDIS_URL"));
  const keys = await redis.keys(`${redisPrefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

const on = (instance: number) => ({ [INSTANCE_HEADER]: String(instance) });

/** A scripted client of the cluster's front; Origin is the front's, as a browser on it would send. */
function client(): Promise<APIRequestContext> {
  return playwrightRequest.newContext({ baseURL: cluster.url, extraHTTPHeaders: { origin: cluster.url } });
}

/** next-auth's credentials sign-in, both of its requests on `instance`; returns the audit rows' correlation id. */
async function signIn(api: APIRequestContext, instance: number, email: string, password: string): Promise<string> {
  const tag = randomBytes(6).toString("hex");
  const csrf = await api.get("/api/auth/csrf", { headers: on(instance) });
  expect(csrf.headers()[INSTANCE_HEADER]).toBe(String(instance));
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  await api.post("/api/auth/callback/credentials", { form: { email, password, csrfToken, json: "true" }, headers: { ...on(instance), "x-request-id": tag }, maxRedirects: 0 });
  return tag;
}

async function signInAs(api: APIRequestContext, role: DemoRole, instance: number): Promise<void> {
  const user = demoUser(role);
  await signIn(api, instance, user.email, user.password);
}

/** Signs in through the front's sign-in form, as a person would. */
async function signInPage(page: Page, role: DemoRole): Promise<void> {
  const user = demoUser(role);
  await page.goto(`${cluster.url}/login`);
  await page.getByLabel("Email", { exact: true }).fill(user.email);
  await page.getByLabel("Password", { exact: true }).fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
}

/** The status of a session-authenticated API read on `instance`. */
async function apiStatus(api: APIRequestContext, instance: number): Promise<number> {
  const response = await api.get("/api/v1/patients?pageSize=1", { headers: on(instance) });
  expect(response.headers()[INSTANCE_HEADER]).toBe(String(instance));
  return response.status();
}

test("a session started on web A works on web B, and signing out on B ends it on both", async () => {
  const api = await client();
  await signInAs(api, "clinician", A);
  expect(await apiStatus(api, B)).toBe(200);
  expect(await apiStatus(api, A)).toBe(200);
  const { user } = (await (await api.get("/api/auth/session", { headers: on(B) })).json()) as { user: { sessionId: string } };

  // The cookie as it was before signing out: whoever still holds it (another tab, a copied cookie) must be refused.
  const signedIn = await api.storageState();
  const { csrfToken } = (await (await api.get("/api/auth/csrf", { headers: on(B) })).json()) as { csrfToken: string };
  await api.post("/api/auth/signout", { form: { csrfToken, json: "true" }, headers: on(B), maxRedirects: 0 });
  const { rows } = await sql.query<{ end_reason: string | null }>("SELECT end_reason FROM user_sessions WHERE id = $1", [user.sessionId]);
  expect(rows).toEqual([{ end_reason: "logout" }]);

  const stale = await playwrightRequest.newContext({ baseURL: cluster.url, extraHTTPHeaders: { origin: cluster.url }, storageState: signedIn });
  expect(await apiStatus(stale, A)).toBe(401);
  expect(await apiStatus(stale, B)).toBe(401);
  await Promise.all([api.dispose(), stale.dispose()]);
});

test("an admin revoking a session on one instance ends it on both", async ({ page }) => {
  const clinician = await client();
  await signInAs(clinician, "clinician", B);
  expect(await apiStatus(clinician, A)).toBe(200);

  await page.setExtraHTTPHeaders(on(A));
  await signInPage(page, "admin");
  await page.goto(`${cluster.url}/admin/sessions`);
  // The first test's clinician signed out: the only clinician session left is this one.
  const name = demoUser("clinician").name;
  await page.getByRole("button", { name: new RegExp(`^Revoke session of ${name}`) }).click();
  await page.getByRole("button", { name: new RegExp(`^Yes, revoke session of ${name}`) }).click();
  // The list is read again without the revoked session (and so without the form that said so).
  await expect(page.getByRole("table", { name: "Active sessions" }).getByRole("row").filter({ hasText: name })).toHaveCount(0);

  expect(await apiStatus(clinician, B)).toBe(401);
  expect(await apiStatus(clinician, A)).toBe(401);
  await clinician.dispose();
});

test("failed sign-ins spread over both instances meet one rate limit and one lockout", async () => {
  const api = await client();
  // Per account (Redis): LOGIN_RATE_LIMIT_PER_ACCOUNT=5, so the sixth attempt is refused before the password is
  // checked, though each instance has seen only three.
  const nobody = `nobody-${randomBytes(4).toString("hex")}@example.test`;
  for (let attempt = 0; attempt < 6; attempt += 1) await signIn(api, attempt % 2, nobody, "not-the-password");
  const attempts = await sql.query<{ action: string }>("SELECT action FROM audit_logs WHERE details->>'attemptedEmail' = $1 ORDER BY id", [nobody]);
  expect(attempts.rows.map((row) => row.action)).toEqual([...Array<string>(5).fill("auth.login_failed"), "auth.rate_limited"]);

  // Lockout (PostgreSQL): LOGIN_MAX_FAILURES=3 wrong passwords over both instances lock the account on both.
  const compliance = demoUser("compliance");
  for (const instance of [A, B, A]) await signIn(api, instance, compliance.email, "not-the-password");
  const tag = await signIn(api, B, compliance.email, compliance.password);
  const refused = await sql.query<{ action: string; reason: string }>("SELECT action, details->>'reason' AS reason FROM audit_logs WHERE correlation_id = $1", [tag]);
  expect(refused.rows).toEqual([{ action: "auth.login_failed", reason: "locked" }]);
  const lockouts = await sql.query<{ n: string }>("SELECT count(*) AS n FROM audit_logs a JOIN users u ON u.id::text = a.resource_id WHERE a.action = 'auth.locked_out' AND u.email = $1", [compliance.email]);
  expect(Number(lockouts.rows[0]?.n)).toBe(1);
  await api.dispose();
});

test("a chart cached through one instance is never served stale after the other instance changes it", async () => {
  const api = await client();
  await signInAs(api, "clinician", A);
  const { rows } = await sql.query<{ id: string }>("SELECT id::text AS id FROM patients WHERE NOT restricted ORDER BY mrn LIMIT 1");
  const patientId = rows[0]?.id ?? "";
  const redis = new Redis(setting("REDIS_URL"));
  const cityOn = async (instance: number) => {
    const response = await api.get(`/api/v1/patients/${patientId}`, { headers: on(instance) });
    expect(response.status()).toBe(200);
    return ((await response.json()) as { patient: { city: string | null } }).patient.city;
  };
  try {
    for (const [reader, writer] of [[A, B], [B, A]] as const) {
      const before = await cityOn(reader);
      expect(await cityOn(reader)).toBe(before);
      expect(await redis.keys(`${redisPrefix}*${patientId}*`), "the chart is cached in Redis").not.toEqual([]);
      const city = `Cluster ${randomBytes(3).toString("hex")}`;
      const changed = await api.patch(`/api/v1/patients/${patientId}`, { data: { city }, headers: on(writer) });
      expect(changed.status()).toBe(200);
      expect(await cityOn(reader)).toBe(city);
    }
  } finally {
    redis.disconnect();
    await api.dispose();
  }
});

test("one HL7 message sent to both listeners at once is stored once, and both senders get the same ACK", async () => {
  const controlId = `CL-${randomBytes(4).toString("hex")}`;
  const message = resultMessage(controlId, 0, { sender: "CLUSTERLAB" });
  // Two connections through the MLLP front: the first goes to one listener, the second to the other.
  const senders = await Promise.all([0, 1].map(() => connectMllp("127.0.0.1", cluster.mllpPort, { replyTimeoutMs: 20_000 })));
  const acks = (await Promise.all(senders.map((sender) => sender.send(message)))).map((ack) => ack.toString());
  await Promise.all(senders.map((sender) => sender.close()));
  expect(cluster.mllpFront.served).toEqual([1, 1]);

  expect(acks[0]).toContain(`MSA|AA|${controlId}`);
  expect(acks[1]).toBe(acks[0]);
  const stored = await sql.query<{ n: string }>("SELECT count(*) AS n FROM hl7_messages WHERE sending_application = 'CLUSTERLAB' AND message_control_id = $1", [controlId]);
  expect(Number(stored.rows[0]?.n)).toBe(1);
});

test("the dashboards list every web, MLLP and worker instance", async ({ page }) => {
  await signInPage(page, "admin");
  const instances = page.getByRole("table", { name: "Pool per instance" });
  // The page is rendered once per visit; a Redis command that times out on a loaded machine renders "this process
  // only" (with a note saying so), so the check visits again until the samples are read.
  await expect(async () => {
    await page.goto(`${cluster.url}/dashboards`);
    for (const instance of [...cluster.web, ...cluster.mllp, ...cluster.workers]) {
      await expect(instances.getByRole("row").filter({ hasText: `:${instance.pid}:` })).toContainText(instance.role, { timeout: 1_000 });
    }
    await expect(instances.getByRole("row")).toHaveCount(1 + cluster.web.length + cluster.mllp.length + cluster.workers.length, { timeout: 1_000 });
  }).toPass({ timeout: 45_000 });
});

test("each scheduled job runs once per tick, on one of the two workers", async () => {
  // pg-boss's schedule monitor sends the first `* * * * *` tick about a minute after the workers start (it checks
  // every 30 s, and its first check comes before the schedules are registered): the last test, so the others fill
  // the wait.
  test.setTimeout(120_000);
  const names = ["alerts.detect", "statistics.flush"];
  const jobs = async (states: string[]) => {
    const { rows } = await sql.query<{ name: string; minute: string; n: string }>(
      `SELECT name, date_trunc('minute', created_on)::text AS minute, count(*) AS n FROM pgboss.job
       WHERE name = ANY($1) AND state::text = ANY($2) GROUP BY 1, 2 ORDER BY 1, 2`,
      [names, states],
    );
    return rows;
  };
  const total = (rows: { name: string; n: string }[], name: string) => rows.filter((row) => row.name === name).reduce((sum, row) => sum + Number(row.n), 0);
  await expect.poll(async () => new Set((await jobs(["completed"])).map((row) => row.name)).size, { timeout: 100_000 }).toBe(names.length);

  // A run logs "job done" after it was fetched (active) and before pg-boss marks it completed; read in that order,
  // completed ≤ runs logged ≤ fetched holds exactly when no job ran twice, whatever tick arrives meanwhile.
  const completed = await jobs(["completed"]);
  const logged = (name: string) => cluster.workers.map((worker) => worker.output().split("\n").filter((line) => line.includes('"msg":"job done"') && line.includes(`"job":"${name}"`)).length);
  const runs = Object.fromEntries(names.map((name) => [name, logged(name)]));
  const fetched = await jobs(["active", "completed"]);
  const ticks = await jobs(["created", "retry", "active", "completed", "failed"]);
  expect(ticks.every((tick) => tick.n === "1"), `one job per tick: ${JSON.stringify(ticks)}`).toBe(true);
  for (const name of names) {
    const perWorker = runs[name] ?? [];
    const sum = perWorker.reduce((all, count) => all + count, 0);
    const message = `${name}: runs per worker ${perWorker.join(", ")}; completed ${total(completed, name)}, fetched ${total(fetched, name)}`;
    expect(sum, message).toBeGreaterThanOrEqual(total(completed, name));
    expect(sum, message).toBeLessThanOrEqual(total(fetched, name));
  }
});
