import { AUDIT_EVENTS, type AuditAction, type AuditOutcome } from "@/lib/audit/events";
import { Prisma } from "@/lib/generated/prisma/client";

// Audit rows as the app writes them, at chosen times: the detection tests' seeded patterns, the generated ordinary
// day and the benchmark's trail. One multi-row INSERT per chunk; the chain trigger hashes them like any other row.

export interface TrailRow {
  action: AuditAction;
  at: Date;
  userId?: string | null;
  username?: string | null;
  userRole?: string | null;
  patientId?: string | null;
  ip?: string | null;
  status?: AuditOutcome;
  resourceType?: string | null;
  resourceId?: string | null;
  details?: Prisma.InputJsonObject;
}

const CHUNK = 2000;

function valuesOf(row: TrailRow): Prisma.Sql {
  const event = AUDIT_EVENTS[row.action];
  const status = row.status ?? "success";
  const code = status === "success" ? 200 : status === "denied" ? 403 : 401;
  return Prisma.sql`(${event.eventType}, ${event.eventCategory}, ${row.action}, ${row.userId ?? null}, ${row.username ?? null}, ${row.userRole ?? null},
    ${row.resourceType ?? null}, ${row.resourceId ?? null}, ${row.patientId ?? null}::uuid, ${row.ip ?? null}, ${status}, ${code},
    ${row.details ? JSON.stringify(row.details) : null}::jsonb, ${row.at}::timestamptz, 'GET', '/generated')`;
}

export function insertTrailStatement(rows: readonly TrailRow[]): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO audit_logs (event_type, event_category, action, user_id, username, user_role, resource_type, resource_id, patient_id,
                            ip_address, status, status_code, details, timestamp, request_method, request_path)
    VALUES ${Prisma.join(rows.map(valuesOf))}
    RETURNING id::text`;
}

/** Writes the rows in chunks (each its own statement) through `execute`; returns their ids in order. */
export async function insertTrail(execute: (statement: Prisma.Sql) => Promise<{ id: string }[]>, rows: readonly TrailRow[]): Promise<string[]> {
  const ids: string[] = [];
  for (let start = 0; start < rows.length; start += CHUNK) {
    const inserted = await execute(insertTrailStatement(rows.slice(start, start + CHUNK)));
    ids.push(...inserted.map((row) => row.id));
  }
  return ids;
}
