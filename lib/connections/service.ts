import "server-only";
import { writeAudit } from "@/lib/audit/writer";
import { assertCan, type AuthContext } from "@/lib/auth/assert";
import { requiredSecrets, type ConnectionEndpoint } from "@/lib/connections/endpoint";
import { openStoredCredentials, sealCredentials, type Credentials } from "@/lib/connections/credentials";
import { connectionResponse, findConnectionRecord, type ConnectionRecord } from "@/lib/connections/queries";
import { secretIssues, type EMRConnectionCreate, type EMRConnectionResponse, type EMRConnectionUpdate } from "@/lib/connections/schema";
import { isUniqueViolation } from "@/lib/db/errors";
import { inTransaction, type Tx } from "@/lib/db/transaction";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";

// Creating, changing and (de)activating connections: connections:manage, one audit row in the same transaction.
// The audit row says which fields changed with their old and new values — none of which is secret — and for the
// credentials only which names were set or removed. A connection holds exactly the secrets its endpoint's auth uses:
// those a changed auth no longer needs are removed with the change.

const DUPLICATE_ID = new AppError("CONFLICT", "A connection with this connection id already exists.", {
  connectionId: ["This connection id is taken: choose another"],
});

/** The spec's base_url / fhir_version columns follow a FHIR endpoint; other kinds have neither. */
function endpointColumns(endpoint: ConnectionEndpoint) {
  return {
    endpointKind: endpoint.kind,
    endpoint: endpoint as Prisma.InputJsonObject,
    baseUrl: endpoint.kind === "fhir_rest" ? endpoint.baseUrl : null,
    fhirVersion: endpoint.kind === "fhir_rest" ? endpoint.fhirVersion : null,
  };
}

function requireSecrets(endpoint: ConnectionEndpoint, names: readonly string[]): void {
  const issues = secretIssues(endpoint, names);
  if (issues.length === 0) return;
  const fieldErrors = Object.fromEntries(issues.map((issue) => [issue.path.join("."), [issue.message]]));
  throw new AppError("INVALID", "The secrets do not match the connection's authentication.", fieldErrors);
}

async function writeConnectionAudit(tx: Tx, ctx: AuthContext, action: "connection.created" | "connection.updated" | "connection.deactivated" | "connection.reactivated", record: { id: string; connectionId: string }, details: Prisma.InputJsonObject): Promise<void> {
  await writeAudit(tx, {
    actor: ctx.actor,
    request: ctx.request,
    action,
    outcome: "success",
    statusCode: action === "connection.created" ? 201 : 200,
    resourceType: "emr_connection",
    resourceId: record.id,
    details: { connectionId: record.connectionId, ...details },
  });
}

export async function createConnection(ctx: AuthContext, input: EMRConnectionCreate): Promise<EMRConnectionResponse> {
  await assertCan(ctx, "connections:manage");
  try {
    return await inTransaction(async (tx) => {
      const created = await tx.eMRConnection.create({
        data: {
          connectionId: input.connectionId,
          name: input.name,
          emrType: input.emrType,
          ...endpointColumns(input.endpoint),
          config: (input.config ?? {}) as Prisma.InputJsonObject,
          isActive: input.isActive ?? true,
          deactivatedAt: input.isActive === false ? new Date() : null,
          ...sealCredentials(input.credentials ?? null),
        },
        select: { id: true },
      });
      const record = await findConnectionRecord(tx, created.id);
      await writeConnectionAudit(tx, ctx, "connection.created", record, {
        emrType: input.emrType,
        kind: input.endpoint.kind,
        credentials: Object.keys(input.credentials ?? {}).toSorted(),
      });
      return connectionResponse(record);
    });
  } catch (error) {
    throw isUniqueViolation(error) ? DUPLICATE_ID : error;
  }
}

const TRACKED_FIELDS = ["connectionId", "name", "emrType", "endpoint", "config", "isActive"] as const;

/** JSON with object keys in order: jsonb stores keys in its own order, so a stored value reads back reordered. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner !== null && typeof inner === "object" && !Array.isArray(inner) ? Object.fromEntries(Object.entries(inner).toSorted(([a], [b]) => a.localeCompare(b))) : inner,
  );
}

/** Old and new value of each changed non-secret field. */
function changesOf(before: ConnectionRecord, input: EMRConnectionUpdate): Record<string, { from: unknown; to: unknown }> {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const field of TRACKED_FIELDS) {
    const next = input[field];
    if (next === undefined) continue;
    const previous = before[field];
    if (canonicalJson(previous) !== canonicalJson(next)) changes[field] = { from: previous, to: next };
  }
  return changes;
}

interface CredentialChange {
  credentials: Credentials;
  set: string[];
  removed: string[];
}

/**
 * The credentials after an update: named secrets replaced or added, the others kept, null removes them all; those the
 * endpoint's auth (as changed) does not use are dropped. Undefined when the stored credentials stay as they are.
 */
function credentialChange(before: ConnectionRecord, endpoint: ConnectionEndpoint, input: EMRConnectionUpdate): CredentialChange | undefined {
  if (input.credentials === undefined && input.endpoint === undefined) return undefined;
  const stored = openStoredCredentials(before.credentialsEncrypted, before.id);
  const given: Credentials = Object.fromEntries(Object.entries(input.credentials ?? {}).filter((entry): entry is [string, string] => entry[1] !== undefined));
  const used = new Set(requiredSecrets(endpoint));
  const merged = input.credentials === null ? {} : { ...stored, ...given };
  const credentials = Object.fromEntries(Object.entries(merged).filter(([name]) => used.has(name)));
  requireSecrets(endpoint, [...new Set([...Object.keys(given), ...Object.keys(credentials)])]);
  const removed = Object.keys(stored).filter((name) => !(name in credentials));
  if (input.credentials === undefined && removed.length === 0) return undefined;
  return { credentials, set: Object.keys(given).toSorted(), removed: removed.toSorted() };
}

/** What the audit row says about the credentials: the names set and removed, never a value. */
function credentialAudit(change: CredentialChange | undefined): Prisma.InputJsonObject {
  if (!change) return {};
  return { credentials: { ...(change.set.length > 0 ? { set: change.set } : {}), ...(change.removed.length > 0 ? { removed: change.removed } : {}) } };
}

/** The columns (de)activation sets: a deactivated connection is not connected and says since when it is off. */
function activation(before: { isActive: boolean; deactivatedAt: Date | null }, active: boolean) {
  if (active) return { isActive: true, deactivatedAt: null };
  return { isActive: false, isConnected: false, deactivatedAt: before.isActive ? new Date() : before.deactivatedAt };
}

/** A change that switches the connection on or off is audited as that, with the other changes beside it. */
function auditActionOf(changes: Record<string, { from: unknown; to: unknown }>) {
  const activeChange = changes.isActive;
  if (!activeChange) return "connection.updated";
  return activeChange.to === true ? "connection.reactivated" : "connection.deactivated";
}

export async function updateConnection(ctx: AuthContext, id: string, input: EMRConnectionUpdate): Promise<EMRConnectionResponse> {
  await assertCan(ctx, "connections:manage");
  try {
    return await inTransaction(async (tx) => {
      const before = await findConnectionRecord(tx, id);
      const endpoint = input.endpoint ?? (before.endpoint as ConnectionEndpoint);
      const credentials = credentialChange(before, endpoint, input);
      const changes = changesOf(before, input);
      await tx.eMRConnection.update({
        where: { id },
        data: {
          ...(input.connectionId !== undefined ? { connectionId: input.connectionId } : {}),
          ...(input.name !== undefined ? { name: input.name } : {}),
          ...(input.emrType !== undefined ? { emrType: input.emrType } : {}),
          ...(input.endpoint !== undefined ? endpointColumns(input.endpoint) : {}),
          ...(input.config !== undefined ? { config: input.config as Prisma.InputJsonObject } : {}),
          ...(input.isActive !== undefined ? activation(before, input.isActive) : {}),
          ...(credentials ? sealCredentials(credentials.credentials) : {}),
        },
      });
      const record = await findConnectionRecord(tx, id);
      await writeConnectionAudit(tx, ctx, auditActionOf(changes), record, { changes: changes as Prisma.InputJsonObject, ...credentialAudit(credentials) });
      return connectionResponse(record);
    });
  } catch (error) {
    throw isUniqueViolation(error) ? DUPLICATE_ID : error;
  }
}

/** Deactivate (Meridian stops using it; its history stays) or reactivate a connection. */
export async function setConnectionActive(ctx: AuthContext, id: string, active: boolean): Promise<EMRConnectionResponse> {
  await assertCan(ctx, "connections:manage");
  return inTransaction(async (tx) => {
    const before = await findConnectionRecord(tx, id);
    if (before.isActive === active) throw new AppError("CONFLICT", active ? "The connection is already active." : "The connection is already deactivated.");
    await tx.eMRConnection.update({ where: { id }, data: activation(before, active) });
    const record = await findConnectionRecord(tx, id);
    await writeConnectionAudit(tx, ctx, active ? "connection.reactivated" : "connection.deactivated", record, { changes: { isActive: { from: !active, to: active } } });
    return connectionResponse(record);
  });
}
