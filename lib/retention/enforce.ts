import "server-only";
import { archiveAuditRows } from "@/lib/audit/archive";
import { recordAudit } from "@/lib/audit/writer";
import type { AuthContext } from "@/lib/auth/assert";
import { dbPool } from "@/lib/db/client";
import { env } from "@/lib/env";
import { cutoffOf, retentionPolicy, type RetentionClassKey, type RetentionPolicy } from "@/lib/retention/policy";
import { PURGES, type Purge } from "@/lib/retention/purges";

// Applies the retention policy: each class in batches, every batch its own statement and transaction, so a run over
// a large backlog neither holds long locks nor loses its progress if it stops; a second run finds nothing left.
// Each run writes one `retention.enforced` audit row (details.deleted: rows per class), which the compliance report
// counts.

export const RETENTION_BATCH_SIZE = 5000;

export interface RetentionOptions {
  /** The moment cutoffs are counted back from (tests look years ahead); now by default. */
  now?: Date;
  /** The policy in force; the environment's by default. */
  policy?: RetentionPolicy;
  batchSize?: number;
}

export interface RetentionRun {
  startedAt: Date;
  /** Rows deleted, purged or archived per class. */
  deleted: Record<RetentionClassKey, number>;
  /** Signed audit checkpoints written, one per archived range. */
  checkpoints: number;
}

export function policyInForce(): RetentionPolicy {
  return retentionPolicy(env());
}

async function purgeAll(purge: Purge, cutoff: Date, batchSize: number, now: Date): Promise<number> {
  let total = 0;
  for (;;) {
    const statement = purge.batch(cutoff, batchSize, now);
    const { rows } = await dbPool().query<{ count: number }>(statement.text, statement.values);
    const done = rows[0]?.count ?? 0;
    total += done;
    if (done < batchSize) return total;
  }
}

/** One run over every class; the audit row is written whether the run completes or fails part-way. */
export async function enforceRetention(ctx: AuthContext, options: RetentionOptions = {}): Promise<RetentionRun> {
  const now = options.now ?? new Date();
  const policy = options.policy ?? policyInForce();
  const batchSize = options.batchSize ?? RETENTION_BATCH_SIZE;
  const run: RetentionRun = { startedAt: new Date(), deleted: Object.fromEntries(policy.map((rule) => [rule.key, 0])) as RetentionRun["deleted"], checkpoints: 0 };
  let failedAt: RetentionClassKey | null = null;
  try {
    for (const rule of policy) {
      failedAt = rule.key;
      const cutoff = cutoffOf(rule, now);
      if (rule.key === "audit_trail") {
        const archived = await archiveAuditRows(cutoff, batchSize);
        run.deleted.audit_trail = archived.rows;
        run.checkpoints = archived.checkpoints;
      } else {
        run.deleted[rule.key] = await purgeAll(PURGES[rule.key], cutoff, batchSize, now);
      }
    }
    failedAt = null;
    return run;
  } finally {
    await recordAudit({
      action: "retention.enforced",
      actor: ctx.actor,
      request: ctx.request,
      outcome: failedAt ? "failure" : "success",
      statusCode: failedAt ? 500 : 200,
      resourceType: "retention",
      details: {
        deleted: run.deleted,
        checkpoints: run.checkpoints,
        cutoffs: Object.fromEntries(policy.map((rule) => [rule.key, cutoffOf(rule, now).toISOString()])),
        ...(failedAt ? { failedAt } : {}),
      },
    });
  }
}
