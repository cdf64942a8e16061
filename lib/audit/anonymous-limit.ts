import "server-only";
import type { AuditEntry } from "@/lib/audit/writer";
import { countInWindow } from "@/lib/auth/rate-limit";
import { env } from "@/lib/env";

// Anyone can make the server write an audit row without signing in (a refused page, a failed sign-in), so rows for
// anonymous events are limited per client address and minute: the first AUDIT_ANONYMOUS_ROWS_PER_MINUTE each get
// their own row; beyond that a summary row is written at the 1st, 2nd, 4th, 8th … further event, carrying the count so
// far. A flood of n events leaves the limit plus about log2(n) rows, and the trail still says who flooded, when, with
// what, and how much (the last summary's count is at least half the true number). The counter lives in Redis, so the
// limit holds across web instances; when Redis is down every event gets its own row — nothing is lost.

const WINDOW_SECONDS = 60;

const isPowerOfTwo = (n: number): boolean => n > 0 && (n & (n - 1)) === 0;

/** The row to write for an anonymous event: the event itself, a summary in its place, or none. */
export async function limitAnonymousAudit(entry: AuditEntry): Promise<AuditEntry | null> {
  const limit = env().AUDIT_ANONYMOUS_ROWS_PER_MINUTE;
  const address = entry.request.ipAddress ?? "unknown";
  const counted = await countInWindow("audit_anonymous", address, WINDOW_SECONDS);
  if (!counted || counted.count <= limit) return entry;
  const beyondLimit = counted.count - limit;
  if (!isPowerOfTwo(beyondLimit)) return null;
  return {
    action: "audit.summarized",
    actor: entry.actor,
    request: entry.request,
    outcome: entry.outcome,
    statusCode: entry.statusCode,
    details: {
      latestAction: entry.action,
      latestDetails: entry.details ?? null,
      address,
      windowStart: counted.windowStart.toISOString(),
      windowSeconds: WINDOW_SECONDS,
      rowsPerWindow: limit,
      eventsBeyondLimit: beyondLimit,
    },
  };
}
