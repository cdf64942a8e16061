import "server-only";
import { writeAudit } from "@/lib/audit/writer";
import { assertCan, type AuthContext } from "@/lib/auth/assert";
import { ConnectionEndpoint } from "@/lib/connections/endpoint";
import { openCredentials } from "@/lib/connections/credentials";
import { probeConnection } from "@/lib/connections/probe";
import { outboundCertificateAuthorities } from "@/lib/connections/probe/trusted-ca";
import type { ProbeResult } from "@/lib/connections/probe/types";
import { findConnectionRecord } from "@/lib/connections/queries";
import { ConnectionConfigView, ConnectionTestView } from "@/lib/connections/schema";
import { recordConnectionRequest } from "@/lib/connections/statistics";
import { db } from "@/lib/db/client";
import { inTransaction } from "@/lib/db/transaction";
import { UnknownEncryptionKeyError } from "@/lib/secrets/keyring";

// "Test connection" (button, API, and the worker's periodic check): dial the endpoint, keep the result in the
// connection's history (the last 20), update connected / last test, count it as a request, audit it.

const HISTORY_LENGTH = 20;
/** An inbound feed counts as connected while its sender delivered something this recently. */
const INBOUND_QUIET_MS = 24 * 3_600_000;

async function inboundResult(connectionId: string): Promise<ProbeResult> {
  const last = await db().hL7Message.findFirst({
    where: { connectionId, direction: "inbound" },
    orderBy: { createdAt: "desc" },
    select: { createdAt: true },
  });
  if (!last) return { success: false, outcome: "not_testable", message: "No message received on this feed yet (its sender connects to Meridian)", latencyMs: null, details: {} };
  const recent = Date.now() - last.createdAt.getTime() < INBOUND_QUIET_MS;
  return {
    success: recent,
    outcome: recent ? "ok" : "timeout",
    message: `Last message received ${last.createdAt.toISOString()}${recent ? "" : " (more than 24 hours ago)"}`,
    latencyMs: null,
    details: {},
  };
}

async function probe(endpoint: ConnectionEndpoint, sealed: string | null, timeoutMs: number | undefined): Promise<ProbeResult> {
  let secrets;
  try {
    secrets = openCredentials(sealed);
  } catch (error) {
    const message = error instanceof UnknownEncryptionKeyError ? "The stored credentials cannot be opened: their encryption key is no longer configured" : "The stored credentials cannot be opened";
    return { success: false, outcome: "missing_credentials", message, latencyMs: null, details: {} };
  }
  let ca;
  try {
    ca = outboundCertificateAuthorities();
  } catch (error) {
    return { success: false, outcome: "tls", message: error instanceof Error ? error.message : String(error), latencyMs: null, details: {} };
  }
  return probeConnection(endpoint, secrets, { timeoutMs, ca });
}

export async function testConnection(ctx: AuthContext, id: string): Promise<ConnectionTestView> {
  await assertCan(ctx, "connections:manage");
  const record = await findConnectionRecord(db(), id);
  const endpoint = ConnectionEndpoint.parse(record.endpoint);
  const result = endpoint.kind === "mllp_inbound" ? await inboundResult(id) : await probe(endpoint, record.credentialsEncrypted, ConnectionConfigView.parse(record.config).timeoutMs);
  const testedAt = new Date();
  const saved = await inTransaction(async (tx) => {
    const test = await tx.connectionTest.create({
      data: {
        connectionId: id,
        testedAt,
        success: result.success,
        outcome: result.outcome,
        message: result.message.slice(0, 1000),
        latencyMs: result.latencyMs,
        details: result.details,
        testedBy: ctx.actor.name.slice(0, 255),
      },
      select: { id: true, testedAt: true, success: true, outcome: true, message: true, latencyMs: true, details: true, testedBy: true },
    });
    await tx.$executeRaw`DELETE FROM connection_tests WHERE connection_id = ${id}::uuid AND id NOT IN (
      SELECT id FROM connection_tests WHERE connection_id = ${id}::uuid ORDER BY tested_at DESC, id DESC LIMIT ${HISTORY_LENGTH})`;
    await tx.eMRConnection.update({
      where: { id },
      data: {
        isConnected: result.success,
        lastTestAt: testedAt,
        lastTestSuccess: result.success,
        lastTestMessage: result.message.slice(0, 1000),
        lastTestLatencyMs: result.latencyMs,
        ...(result.success ? { lastConnectedAt: testedAt, lastError: null } : { lastError: result.message.slice(0, 1000) }),
      },
    });
    await writeAudit(tx, {
      actor: ctx.actor,
      request: ctx.request,
      action: "connection.tested",
      outcome: result.success ? "success" : "failure",
      statusCode: 200,
      resourceType: "emr_connection",
      resourceId: id,
      details: { connectionId: record.connectionId, outcome: result.outcome, latencyMs: result.latencyMs },
    });
    return test;
  });
  if (endpoint.kind !== "mllp_inbound" && result.latencyMs !== null) await recordConnectionRequest(id, { success: result.success, elapsedMs: result.latencyMs });
  return ConnectionTestView.parse({ ...saved, id: String(saved.id) });
}
