import "server-only";
import { apiKeyNewAddress, denialBurst, LEARN_API_KEY_ADDRESSES } from "@/lib/alerts/detect/api-keys";
import { lockPosition, loadBatch, readBound, savePosition } from "@/lib/alerts/detect/batch";
import { CREATE_DETECTIONS, type Detector } from "@/lib/alerts/detect/detector";
import { chainFailed, connectionDown, hl7ErrorRate } from "@/lib/alerts/detect/operations";
import { afterHours, distinctCharts, LEARN_CHART_DAYS, searchPaging } from "@/lib/alerts/detect/phi-access";
import { raiseAlerts, type RaisedAlert } from "@/lib/alerts/detect/raise";
import { failedPerAccount, failedPerIp, LEARN_SIGN_IN_ADDRESSES, lockout, newSignInAddress } from "@/lib/alerts/detect/sign-in";
import { breakTheGlass, familyName, restrictedWithoutGrant } from "@/lib/alerts/detect/snooping";
import { readRuleSettings, type RuleSetting } from "@/lib/alerts/rule-settings";
import type { AuthContext } from "@/lib/auth/assert";
import { dbPool, db } from "@/lib/db/client";
import { inSqlTransaction, type SqlRunner } from "@/lib/db/sql-transaction";
import type pg from "pg";

// The detection run: the audit rows written since the last run, in bounded batches, each batch in one transaction
// that evaluates every enabled rule over it (one SQL statement per rule), raises or counts the alerts, records what
// the stateful rules learnt (known addresses, charts per day), and moves the stored position past the batch. A run
// that fails changes nothing, and the next one reads the same rows again: nothing is missed or counted twice.

const DETECTORS: readonly Detector[] = [
  failedPerAccount,
  failedPerIp,
  lockout,
  newSignInAddress,
  distinctCharts,
  afterHours,
  searchPaging,
  familyName,
  restrictedWithoutGrant,
  breakTheGlass,
  apiKeyNewAddress,
  denialBurst,
  chainFailed,
  connectionDown,
  hl7ErrorRate,
];

/** What the stateful rules learn from every batch, whether or not they are enabled (enabling one later starts warm). */
const LEARNERS = [LEARN_SIGN_IN_ADDRESSES, LEARN_API_KEY_ADDRESSES, LEARN_CHART_DAYS];

export interface DetectionOptions {
  /** Audit rows per batch (one transaction each). */
  batchSize?: number;
  /** Stop after this many batches; the next run goes on where this one stopped. */
  maxBatches?: number;
  pool?: pg.Pool;
}

export interface DetectionRun {
  rowsRead: number;
  batches: number;
  /** Alerts raised or counted again, in order; what notifications deliver (alertsRaised). */
  alerts: RaisedAlert[];
}

async function detectBatch(run: SqlRunner, ctx: AuthContext, rules: readonly RuleSetting[]): Promise<RaisedAlert[]> {
  await run(CREATE_DETECTIONS);
  const enabled = new Map(rules.filter((rule) => rule.enabled).map((rule) => [rule.key, rule]));
  for (const detector of DETECTORS) {
    const setting = enabled.get(detector.rule);
    if (setting) await run(detector.detect(setting.thresholds));
  }
  const raised = await raiseAlerts(run, ctx, rules);
  for (const learn of LEARNERS) await run(learn);
  return raised;
}

/** One batch in its own transaction; rows read 0 when the trail has nothing new below the bound. */
async function runBatch(pool: pg.Pool, ctx: AuthContext, rules: readonly RuleSetting[], batchSize: number): Promise<{ rows: number; alerts: RaisedAlert[] }> {
  return inSqlTransaction(pool, async (run) => {
    const bound = await readBound(run);
    const from = await lockPosition(run);
    const batch = await loadBatch(run, from, bound, batchSize);
    if (batch.rows === 0) return { rows: 0, alerts: [] };
    const alerts = await detectBatch(run, ctx, rules);
    await savePosition(run, batch.next);
    return { rows: batch.rows, alerts };
  });
}

export async function runDetection(ctx: AuthContext, options: DetectionOptions = {}): Promise<DetectionRun> {
  const batchSize = options.batchSize ?? 5000;
  const maxBatches = options.maxBatches ?? 200;
  const rules = await db().$transaction((tx) => readRuleSettings(tx));
  const result: DetectionRun = { rowsRead: 0, batches: 0, alerts: [] };
  while (result.batches < maxBatches) {
    const batch = await runBatch(options.pool ?? dbPool(), ctx, rules, batchSize);
    if (batch.rows === 0) break;
    result.rowsRead += batch.rows;
    result.batches += 1;
    result.alerts.push(...batch.alerts);
    if (batch.rows < batchSize) break;
  }
  return result;
}
