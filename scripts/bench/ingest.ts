import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import type pg from "pg";
import { auditInsertStatement } from "@/lib/audit/writer";
import { env } from "@/lib/env";
import type { Prisma } from "@/lib/generated/prisma/client";
import { hl7Response, readHl7Body } from "@/lib/hl7/http";
import { ingestHl7 } from "@/lib/hl7/ingest/ingest";
import { connectMllp, type MllpClient } from "@/lib/hl7/mllp/client";
import { startListenerProcess } from "@/lib/hl7/testing/listener-process";
import { resultMessage } from "@/lib/hl7/testing/sample-messages";
import { createApiKey } from "@/lib/seed/accounts";
import type { Measurement } from "@/scripts/bench/harness";
import { asApiKey } from "@/scripts/bench/api-key-route";
import { rawPool } from "@/scripts/bench/raw-sql";
import { printReport } from "@/scripts/bench/report";

// HL7 ingest, commit before ACK: ORU^R01 messages (one patient, one OBR, five OBX) from SENDERS concurrent senders,
// - over MLLP to a real listener process (`npm run mllp`, spawned here), each sender one connection, one message in
//   flight (the original acknowledgement protocol);
// - through the HTTP entry point in-process: what POST /api/v1/hl7 runs for an API-key caller (route()'s key lookup
//   and permission check, then the handler's body read, ingest and ACK response; scripts/bench/api-key-route.ts),
//   with a real API key: the socket and Next.js request parsing are not counted (`--only http` counts them);
// next to the baseline measured in the same run: the same writes sent straight through pg, one transaction per
// message on SENDERS connections — the patient lookup by identifier (and its registration the first time), the
// inbound hl7_messages row with the raw message, the five observations. What the ingest does on top (parse, map,
// ACK, the outbound ACK row, the records-changed rows, the hash-chained audit row, the cache) is its cost.

const SENDERS = 8;
const OBSERVATIONS = 5;
const PATIENTS = 50;

interface Run {
  latencies: number[];
  errors: number;
  seconds: number;
}

/** `count` operations spread over `workers` closed-loop workers (each owns its connection), timed one by one. */
async function runCount(count: number, workers: number, operation: (index: number, worker: number) => Promise<void>): Promise<Run> {
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const begin = performance.now();
  async function worker(id: number) {
    for (let index = next++; index < count; index = next++) {
      const t0 = performance.now();
      try {
        await operation(index, id);
        latencies.push(performance.now() - t0);
      } catch (error) {
        if (errors++ === 0) console.error(`first error: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
  await Promise.all(Array.from({ length: workers }, (_, id) => worker(id)));
  return { latencies, errors, seconds: (performance.now() - begin) / 1000 };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

function measurementOf(name: string, run: Run): Measurement {
  const sorted = [...run.latencies].sort((a, b) => a - b);
  const requests = sorted.length;
  return { name, requests, errors: run.errors, seconds: run.seconds, rps: requests / run.seconds, p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99) };
}

type Send = (controlId: string, index: number, worker: number) => Promise<void>;

/**
 * A warm-up of a tenth of the messages (at most 200: it registers the patients, fills caches, warms the JIT), then
 * `messages` measured; control ids are unique per scenario and run, so nothing is a duplicate.
 */
async function measureMessages(name: string, messages: number, tag: string, send: Send): Promise<Measurement> {
  await runCount(Math.min(200, Math.ceil(messages / 10)), SENDERS, (index, worker) => send(`${tag}-w${index}`, index, worker));
  return measurementOf(name, await runCount(messages, SENDERS, (index, worker) => send(`${tag}-${index}`, index, worker)));
}

function assertAccepted(ack: Buffer | string, controlId: string): void {
  const text = ack.toString();
  if (!text.includes(`\rMSA|AA|${controlId}`)) throw new Error(`not accepted: ${text.replaceAll("\r", " | ")}`);
}

// ---- baseline: the same rows written through pg ----

const FIND_PATIENT = `
  SELECT s.id FROM patient_identifiers i
  JOIN patients p ON p.id = i.patient_id
  JOIN patients s ON s.id = COALESCE(p.merged_into_id, p.id)
  WHERE (i.assigning_authority, i.identifier_type, i.value) IN (($1, 'MR', $2))`;

const REGISTER_PATIENT = `
  WITH created AS (
    INSERT INTO patients (mrn, mrn_authority, last_name, first_name, middle_name, aliases, birth_date, gender, updated_at)
    VALUES ($2, $1, 'Load', $3, NULL, '[]'::jsonb, '1980-01-01', 'female', now()) RETURNING id
  ), added AS (
    INSERT INTO patient_identifiers (patient_id, assigning_authority, identifier_type, value)
    SELECT id, $1, 'MR', $2 FROM created ON CONFLICT (assigning_authority, identifier_type, value) DO NOTHING
  )
  SELECT id FROM created`;

const INSERT_MESSAGE = `
  INSERT INTO hl7_messages (message_type, trigger_event, message_control_id, direction, sending_application, sending_facility,
    receiving_application, receiving_facility, message_datetime, hl7_version, raw_message, status, ack_code, processed_at,
    patient_id, transport, updated_at)
  VALUES ('ORU', 'R01', $1, 'inbound', $2, 'LOADHOSP', 'MERIDIAN', 'HUB', '2026-12-01T08:30:00Z', '2.5.1', $3, 'processed', 'AA',
    now(), $4, 'mllp', now())
  ON CONFLICT (direction, sending_application, sending_facility, message_control_id) DO NOTHING`;

function insertObservations(count: number): string {
  const rows = Array.from({ length: count }, (_, k) => {
    const p = 3 + k * 4;
    return `($1::uuid, 'laboratory', $${p}, 'http://loinc.org', $${p + 1}, $${p + 2}::float8, 'mmol/L', 1, 9, '1-9', 'N', 'N', 'final', '2026-12-01T07:00:00Z', $2, $${p + 3}, now())`;
  });
  return `
    INSERT INTO observations (patient_id, observation_type, code, code_system, code_display, value_quantity, unit,
      reference_range_low, reference_range_high, reference_range_text, interpretation, abnormal_flag, status, effective_datetime,
      source_emr, source_observation_id, updated_at)
    VALUES ${rows.join(", ")}
    ON CONFLICT (source_emr, source_observation_id) DO UPDATE SET value_quantity = EXCLUDED.value_quantity, updated_at = now()
    WHERE observations.patient_id = EXCLUDED.patient_id`;
}
const INSERT_OBSERVATIONS = insertObservations(OBSERVATIONS);

// The rest of what the ingest writes per message, for the second baseline: the outbound ACK row, the records-changed
// rows and the hash-chained audit row.
const INSERT_ACK = `
  INSERT INTO hl7_messages (message_type, trigger_event, message_control_id, direction, sending_application, sending_facility,
    receiving_application, receiving_facility, message_datetime, hl7_version, raw_message, status, ack_code, patient_id,
    transport, in_reply_to_id, updated_at)
  VALUES ('ACK', 'R01', $1, 'outbound', 'MERIDIAN', 'HUB', $2, 'LOADHOSP', now(), '2.5.1', $3, 'sent', 'AA', $4, 'mllp', $5, now())`;
const INSERT_CHANGES = `
  INSERT INTO hl7_message_changes (message_id, patient_id, resource_type, resource_id, change)
  SELECT $1, $2, 'observation', id, 'created' FROM unnest($3::uuid[]) AS id`;
const BENCH_ACTOR = { kind: "mllp" as const, id: "mllp:bench", name: "mllp:bench", role: "integration" };

function auditRow(messageId: string, patientId: string): Prisma.Sql {
  const request = { requestId: randomUUID(), ipAddress: "127.0.0.1", userAgent: null, method: "MLLP", path: "mllp :bench", startedAt: performance.now() };
  return auditInsertStatement({
    action: "hl7.received",
    actor: BENCH_ACTOR,
    request,
    outcome: "success",
    statusCode: 200,
    resourceType: "hl7_message",
    resourceId: messageId,
    patient: { id: patientId, mrn: null },
    dataCategory: "messages",
    details: { ackCode: "AA", transport: "mllp", changes: OBSERVATIONS },
  });
}

/** The ACK, changed-record and audit rows of one message, as the baseline that writes every row the ingest does. */
async function writeAckChangesAudit(client: pg.ClientBase, controlId: string, sender: string, messageId: string, patientId: string, observationIds: string[]): Promise<void> {
  await client.query(INSERT_ACK, [`ACK-${controlId}`, sender, `MSH|^~\\&|MERIDIAN|HUB|${sender}|LOADHOSP|||ACK^R01^ACK|ACK-${controlId}|P|2.5.1\rMSA|AA|${controlId}`, patientId, messageId]);
  await client.query(INSERT_CHANGES, [messageId, patientId, observationIds]);
  const audit = auditRow(messageId, patientId);
  await client.query(audit.text, audit.values);
}

async function rawMessage(client: pg.ClientBase, sender: string, controlId: string, index: number, everyRow: boolean): Promise<void> {
  const patient = index % PATIENTS;
  const mrn = `L-${patient}`;
  const raw = resultMessage(controlId, index, { patients: PATIENTS, results: OBSERVATIONS, sender }).toString();
  for (let attempt = 1; ; attempt++) {
    await client.query("BEGIN");
    try {
      const found = await client.query<{ id: string }>(FIND_PATIENT, ["RAWHOSP", mrn]);
      const patientId = found.rows[0]?.id ?? (await client.query<{ id: string }>(REGISTER_PATIENT, ["RAWHOSP", mrn, `Patient${patient}`])).rows[0]?.id;
      const message = await client.query<{ id: string }>(`${INSERT_MESSAGE} RETURNING id`, [controlId, sender, raw, patientId]);
      const values = Array.from({ length: OBSERVATIONS }, (_, j) => {
        const k = j + 1;
        return [`${2340 + k}-7`, `Test ${k}`, Number(`${k}.${index % 10}`), `FL-${controlId}|${2340 + k}-7|`];
      }).flat();
      const observations = await client.query<{ id: string }>(`${INSERT_OBSERVATIONS} RETURNING id`, [patientId, `hl7:${sender}|LOADHOSP`, ...values]);
      const messageId = message.rows[0]?.id;
      if (everyRow && messageId && patientId) await writeAckChangesAudit(client, controlId, sender, messageId, patientId, observations.rows.map((row) => row.id));
      await client.query("COMMIT");
      return;
    } catch (error) {
      await client.query("ROLLBACK");
      // Two senders registering the same new patient at once: the second retries and finds it (as the ingest does).
      if (attempt < 3 && (error as { code?: string }).code === "23505") continue;
      throw error;
    }
  }
}

async function baseline(name: string, messages: number, tag: string, everyRow = false): Promise<Measurement> {
  const pool = rawPool();
  const clients = await Promise.all(Array.from({ length: SENDERS }, () => pool.connect()));
  try {
    const sender = `RAW${tag}`;
    return await measureMessages(name, messages, tag, (controlId, index, worker) => rawMessage(clients[worker] as pg.PoolClient, sender, controlId, index, everyRow));
  } finally {
    for (const client of clients) client.release();
    await pool.end();
  }
}

// ---- the ingest over MLLP, to a listener process ----

async function overMllp(messages: number, tag: string): Promise<Measurement> {
  const listener = await startListenerProcess(env().DATABASE_URL);
  try {
    const clients: MllpClient[] = await Promise.all(Array.from({ length: SENDERS }, () => connectMllp("127.0.0.1", listener.port, { replyTimeoutMs: 60_000 })));
    const sender = `MLLP${tag}`;
    const measurement = await measureMessages(`ingest over MLLP (listener process, ${SENDERS} connections)`, messages, tag, async (controlId, index, worker) => {
      assertAccepted(await (clients[worker] as MllpClient).send(resultMessage(controlId, index, { patients: PATIENTS, results: OBSERVATIONS, sender })), controlId);
    });
    await Promise.all(clients.map((client) => client.close()));
    return measurement;
  } finally {
    listener.signal("SIGTERM");
    await listener.exited;
  }
}

// ---- the ingest through the HTTP entry point, in-process ----

/** What POST /api/v1/hl7 does for a Bearer key, in-process. */
export function postHl7InProcess(request: Request, key: string): Promise<Response> {
  return asApiKey(request, key, "hl7:ingest", async (ctx) => {
    const message = await readHl7Body(request);
    const result = await ingestHl7(message, { transport: "http", ctx });
    return hl7Response(result.response, message);
  });
}

async function overHttpEntry(messages: number, tag: string): Promise<Measurement> {
  const { key } = await createApiKey({ name: `bench ingest ${tag}`, role: "integration" });
  const sender = `HTTP${tag}`;
  return measureMessages(`ingest via the HTTP entry point (in-process, API key, ${SENDERS} callers)`, messages, tag, async (controlId, index) => {
    const body = new Uint8Array(resultMessage(controlId, index, { patients: PATIENTS, results: OBSERVATIONS, sender }));
    const headers = { "content-type": "x-application/hl7-v2+er7", authorization: `Bearer ${key}` };
    const response = await postHl7InProcess(new Request("http://localhost/api/v1/hl7", { method: "POST", headers, body }), key);
    if (response.status !== 200) throw new Error(`HTTP ${response.status}: ${await response.text()}`);
    assertAccepted(await response.text(), controlId);
  });
}

// ---- the same, over HTTP to a running server (`--hl7-url`, e.g. `next start` on this database) ----

async function overHttpServer(messages: number, tag: string, baseUrl: string): Promise<Measurement> {
  const { key } = await createApiKey({ name: `bench ingest ${tag}`, role: "integration" });
  const sender = `SRV${tag}`;
  const url = new URL("/api/v1/hl7", baseUrl);
  return measureMessages(`ingest through POST /api/v1/hl7 (running server, ${SENDERS} clients)`, messages, tag, async (controlId, index) => {
    const body = new Uint8Array(resultMessage(controlId, index, { patients: PATIENTS, results: OBSERVATIONS, sender }));
    const response = await fetch(url, { method: "POST", headers: { "content-type": "x-application/hl7-v2+er7", authorization: `Bearer ${key}` }, body });
    if (response.status !== 200) throw new Error(`HTTP ${response.status}: ${await response.text()}`);
    assertAccepted(await response.text(), controlId);
  });
}

/** `npm run bench -- --only ingest [--messages 2000]`: writes 4 × `messages` ORU^R01 (plus warm-ups) (and their patients) to DATABASE_URL. */
export async function benchIngest(options: { messages: number; httpUrl?: string }): Promise<void> {
  const tag = `B${Date.now().toString(36)}`;
  const { messages } = options;
  console.log(`\ningest: ${messages} ORU^R01 (${OBSERVATIONS} OBX each, ${PATIENTS} patients per sender) per scenario, ${SENDERS} concurrent senders`);
  const raw = await baseline(`pg: same writes, one transaction per message, ${SENDERS} connections (baseline)`, messages, `${tag}R`);
  const mllp = await overMllp(messages, `${tag}M`);
  const http = await overHttpEntry(messages, `${tag}H`);
  const server = options.httpUrl ? await overHttpServer(messages, `${tag}W`, options.httpUrl) : null;
  const rawAgain = await baseline("pg baseline again (drift check)", messages, `${tag}S`);
  const everyRow = await baseline(`pg: every row the ingest writes (+ ACK, changed records, audit row), ${SENDERS} connections`, messages, `${tag}E`, true);
  printReport(`HL7 ingest, commit before ACK (${messages} messages per scenario; latency = send → ACK; goal ≥ 0.5x msg/s of the baseline)`, [
    { measurement: raw },
    { measurement: mllp, baseline: raw, note: "messages/s and ACK latency" },
    { measurement: http, baseline: raw, note: "no socket, no Next.js server" },
    ...(server ? [{ measurement: server, baseline: raw, note: `${options.httpUrl}` }] : []),
    { measurement: rawAgain, baseline: raw },
    { measurement: everyRow, baseline: raw, note: "the second baseline" },
    { measurement: mllp, baseline: everyRow, note: "MLLP against the second baseline" },
  ]);
}
