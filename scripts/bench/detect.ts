import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { runDetection } from "@/lib/alerts/detect/engine";
import { ordinaryDay, seededRandom, type Staff } from "@/lib/alerts/detect/testing/ordinary-day";
import { insertTrail, type TrailRow } from "@/lib/alerts/detect/testing/trail";
import { requestInfoFrom } from "@/lib/audit/context";
import { writeAudit } from "@/lib/audit/writer";
import { db } from "@/lib/db/client";
import { inTransaction } from "@/lib/db/transaction";
import { measure, printTable, type LoadOptions } from "@/scripts/bench/harness";
import { workerContext } from "@/lib/worker/context";

// Does detection keep up with the trail? In one run: the app's peak audit write rate (audited patient reads at full
// concurrency, one row each, as the audit bench measures them; and bare audit inserts, a stricter ceiling), then the
// detection engine's throughput over a generated trail of ordinary clinical days with a few attacks mixed in. The
// goal is at least ten times the app's peak. Writes users, an API key and the generated trail to DATABASE_URL.

const DAY = 24 * 60 * 60_000;

async function peakAuditWrites(load: LoadOptions, patientIds: readonly string[]) {
  const actor = { kind: "user" as const, id: randomUUID(), name: "bench@meridian.test", role: "clinician" };
  const request = () => requestInfoFrom(new Headers({ "user-agent": "meridian-bench" }), "GET", "/bench/patients");
  const audited = (i: number) =>
    inTransaction(async (tx) => {
      const patient = await tx.patient.findUnique({ where: { id: patientIds[i % patientIds.length] ?? "" }, select: { id: true, mrn: true } });
      await writeAudit(tx, { action: "patient.viewed", actor, request: request(), outcome: "success", statusCode: 200, resourceType: "patient", resourceId: patient?.id, patient: patient ?? undefined, dataCategory: "demographics" });
    });
  const bare = () => inTransaction((tx) => writeAudit(tx, { action: "patient.searched", actor, request: request(), outcome: "success", statusCode: 200, resourceType: "patient", details: { results: 0 } }));
  return [await measure("audited patient read (1 audit row each)", audited, load), await measure("bare audit insert, own transaction", bare, load)];
}

async function benchStaff(count: number): Promise<Staff[]> {
  const people = Array.from({ length: count }, (_, i): Staff => ({ id: randomUUID(), name: `Dr Bench Clinician${i}`, ip: `10.90.${Math.floor(i / 200)}.${(i % 200) + 10}`, role: "clinician" }));
  await db().user.createMany({ data: people.map((p) => ({ id: p.id, email: `${p.id}@bench.meridian.test`, name: p.name, role: p.role, passwordHash: "unused" })) });
  return people;
}

/** Ordinary weekdays, oldest first, each with a password-guessing burst and an after-hours read mixed in. */
async function generateTrail(rows: number, patientIds: readonly string[]): Promise<TrailRow[]> {
  const clinicians = await benchStaff(40);
  const [officer] = await benchStaff(1);
  if (!officer) throw new Error("No officer");
  const apiKey = await db().apiKey.create({ data: { name: "Bench lab system", role: "integration", prefix: `mk_${randomUUID().slice(0, 8)}`, secretHash: "unused" }, select: { id: true, name: true } });
  const cast = { clinicians, officer: { ...officer, role: "compliance" as const }, patientIds, apiKey: { ...apiKey, ip: "10.91.0.2" }, mllpSender: "mllp:bench-feed", messages: 3000 };
  const random = seededRandom(7);
  const days: TrailRow[][] = [];
  let total = 0;
  for (let back = 1; total < rows; back += 1) {
    const day = new Date(Math.floor(Date.now() / DAY - back) * DAY);
    if (day.getUTCDay() === 0 || day.getUTCDay() === 6) continue;
    const attack = Array.from({ length: 30 }, (_, i): TrailRow => ({ action: "auth.login_failed", at: new Date(day.getTime() + 3 * 60 * 60_000 + i * 20_000), status: "failure", ip: "203.0.113.66", details: { reason: "unknown_account", attemptedEmail: `guess${i}@example.com` } }));
    const rowsOfDay = [...ordinaryDay(day, cast, random), ...attack];
    days.unshift(rowsOfDay);
    total += rowsOfDay.length;
  }
  return days.flat().slice(0, rows);
}

/** Moves the detection position to the end of the trail as it is, so the run reads the generated rows only. */
async function skipExistingTrail(): Promise<void> {
  await db().$executeRaw`
    INSERT INTO detection_cursors (name, tx_id, audit_log_id)
    SELECT 'audit', tx_id, id FROM audit_logs ORDER BY tx_id DESC, id DESC LIMIT 1
    ON CONFLICT (name) DO UPDATE SET tx_id = EXCLUDED.tx_id, audit_log_id = EXCLUDED.audit_log_id`;
}

export async function benchDetect(load: LoadOptions, options: { rows: number }): Promise<void> {
  const patients = await db().$queryRaw<{ id: string }[]>`SELECT id::text AS id FROM patients TABLESAMPLE SYSTEM (1) LIMIT 2000`;
  if (patients.length === 0) throw new Error("No patients: seed the database first (npm run cli -- seed --patients 1000000).");
  const patientIds = patients.map((p) => p.id);

  const peaks = await peakAuditWrites(load, patientIds);
  printTable(`Peak audit writes (concurrency ${load.concurrency}, ${load.durationMs / 1000} s each)`, peaks);

  await skipExistingTrail();
  const trail = await generateTrail(options.rows, patientIds);
  const written = performance.now();
  await insertTrail((statement) => db().$queryRaw<{ id: string }[]>(statement), trail);
  const writeSeconds = (performance.now() - written) / 1000;

  const started = performance.now();
  const run = await runDetection(workerContext("bench"), { maxBatches: Number.MAX_SAFE_INTEGER });
  const seconds = (performance.now() - started) / 1000;
  const idleStarted = performance.now();
  await runDetection(workerContext("bench"));
  const idleRun = await runDetection(workerContext("bench"));
  const idleMs = performance.now() - idleStarted;

  const detectRate = run.rowsRead / seconds;
  const appPeak = peaks[0]?.rps ?? Number.NaN;
  const insertPeak = peaks[1]?.rps ?? Number.NaN;
  console.log(`\nDetection over a generated trail (${trail.length.toLocaleString("en-US")} rows written in ${writeSeconds.toFixed(1)} s)`);
  console.log("| measure | value |");
  console.log("|---|---:|");
  console.log(`| rows read by detection | ${run.rowsRead.toLocaleString("en-US")} in ${run.batches} batches |`);
  console.log(`| alerts raised or counted | ${run.alerts.length} |`);
  console.log(`| detection throughput | ${detectRate.toFixed(0)} rows/s (${seconds.toFixed(1)} s) |`);
  console.log(`| app's peak audit writes (audited reads) | ${appPeak.toFixed(0)} rows/s |`);
  console.log(`| bare audit inserts | ${insertPeak.toFixed(0)} rows/s |`);
  console.log(`| detection ÷ app's peak (goal ≥ 10×) | ${(detectRate / appPeak).toFixed(1)}× |`);
  console.log(`| detection ÷ bare inserts | ${(detectRate / insertPeak).toFixed(1)}× |`);
  console.log(`| two runs on an idle trail | ${idleMs.toFixed(0)} ms (last read ${idleRun.rowsRead} rows) |`);
}
