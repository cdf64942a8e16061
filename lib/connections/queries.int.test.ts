import { beforeAll, describe, expect, it } from "vitest";
import { ConnectionListCriteria } from "@/lib/connections/criteria";
import { getConnection, listConnections } from "@/lib/connections/queries";
import { EMRConnectionCreate } from "@/lib/connections/schema";
import { createConnection, setConnectionActive } from "@/lib/connections/service";
import { testConnection } from "@/lib/connections/testing";
import { ingestHl7 } from "@/lib/hl7/ingest/ingest";
import { mllpContext } from "@/lib/hl7/ingest/mllp-context";
import { isolateCache } from "@/lib/patients/testing/cache-isolation";
import { contextFor } from "@/lib/testing/auth-context";
import { fileQuery } from "@/lib/testing/sql";

// The connections list and detail as /connections and the API read them: filters, order and pages computed by
// PostgreSQL, the last hour's traffic of each row (HL7 messages for inbound feeds, hourly request statistics for the
// others), and the detail's test history and hourly statistics with their p95.

isolateCache();
const query = fileQuery();
const admin = contextFor("admin");
const ids: Record<string, string> = {};

const HOUR_MS = 3_600_000;
const source = { transport: "mllp" as const, ctx: mllpContext({ address: "10.2.2.2", port: 5000 }, 2575) };
const adt = (controlId: string, birthDate = "19800101") =>
  Buffer.from([`MSH|^~\\&|BETALAB|BETAHOSP|MERIDIAN|HUB|20261201||ADT^A04|${controlId}|P|2.5.1`, `PID|1||Q-${controlId}^^^BETAHOSP^MR||Query^Test||${birthDate}|F`].join("\r"));

/** The share of the previous clock hour inside the last 60 minutes. */
const previousHourShare = () => 1 - (Date.now() % HOUR_MS) / HOUR_MS;
const create = async (input: Record<string, unknown>) => (await createConnection(admin, EMRConnectionCreate.parse(input))).id;
const list = (criteria: Record<string, unknown>) => listConnections(admin, ConnectionListCriteria.parse(criteria));
const slugs = async (criteria: Record<string, unknown>) => (await list(criteria)).data.map((row) => row.connectionId);

beforeAll(async () => {
  ids.alpha = await create({ connectionId: "alpha-fhir", name: "Alpha FHIR", emrType: "epic", endpoint: { kind: "fhir_rest", baseUrl: "https://alpha.example.org/fhir", auth: { type: "none" } } });
  ids.beta = await create({ connectionId: "beta-feed", name: "Beta lab feed", emrType: "cerner", endpoint: { kind: "mllp_inbound", sendingApplication: "BETALAB", sendingFacility: "BETAHOSP" } });
  ids.gamma = await create({ connectionId: "gamma-out", name: "Gamma outbound", emrType: "generic_hl7", endpoint: { kind: "mllp_outbound", host: "gamma.example.org", port: 6661 } });
  ids.delta = await create({ connectionId: "delta-hub", name: "Delta 100% hub", emrType: "generic_fhir", endpoint: { kind: "fhir_rest", baseUrl: "https://delta.example.org/fhir", auth: { type: "none" } } });
  await setConnectionActive(admin, ids.gamma, false);
  await query("UPDATE emr_connections SET is_connected = true, last_test_at = now() - interval '5 minutes' WHERE id = $1", [ids.alpha]);
  await query("UPDATE emr_connections SET last_test_at = now() - interval '10 minutes', last_test_success = false WHERE id = $1", [ids.delta]);

  await ingestHl7(adt("Q-1"), source);
  await ingestHl7(adt("Q-2"), source);
  await ingestHl7(adt("Q-3", "not-a-date"), source);

  const thisHour = new Date(Math.floor(Date.now() / HOUR_MS) * HOUR_MS);
  const statistics = [
    // This hour: 10 requests, 2 failed, 9 under 100 ms and 1 under 1 s. Three hours ago: 50 requests, outside the last hour.
    [ids.alpha, thisHour, 10, 8, 2, 900, [0, 0, 0, 0, 0, 9, 0, 0, 0, 0, 1]],
    [ids.alpha, new Date(thisHour.getTime() - 3 * HOUR_MS), 50, 50, 0, 2500, [0, 0, 0, 50]],
    [ids.alpha, new Date(thisHour.getTime() - 30 * HOUR_MS), 7, 7, 0, 70, [7]],
    [ids.delta, thisHour, 4, 4, 0, 40, [4]],
    // The previous hour: counted in the share of it still inside the last 60 minutes.
    [ids.delta, new Date(thisHour.getTime() - HOUR_MS), 60, 54, 6, 600, [60]],
  ] as const;
  for (const [id, hour, total, ok, failed, sumMs, buckets] of statistics) {
    await query(
      `INSERT INTO connection_statistics (connection_id, hour, total_requests, successful_requests, failed_requests, total_response_time_ms, latency_buckets)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [id, hour, total, ok, failed, sumMs, buckets],
    );
  }
});

describe("listConnections", () => {
  it("gives each row its status, last test and the last hour's traffic with its error rate", async () => {
    const shareBefore = previousHourShare();
    const { data, total } = await list({});
    const shareAfter = previousHourShare();
    expect(total).toBe(4);
    const byId = new Map(data.map((row) => [row.connectionId, row]));
    // Inbound feed: the HL7 messages it delivered (counted as they arrive, not yet flushed by a worker), one in error.
    expect(byId.get("beta-feed")).toMatchObject({ kind: "mllp_inbound", emrType: "cerner", messagesLastHour: 3, failuresLastHour: 1, isActive: true });
    const [failed] = await query<{ count: string }>("SELECT count(*) FROM hl7_messages WHERE connection_id = $1 AND status = 'error'", [ids.beta]);
    expect(Number(failed?.count)).toBe(1);
    // FHIR: the requests in this hour's statistics, not those of three hours ago.
    expect(byId.get("alpha-fhir")).toMatchObject({ kind: "fhir_rest", messagesLastHour: 10, failuresLastHour: 2, errorRate: 0.2, isConnected: true, lastTestAt: expect.any(Date) });
    const delta = byId.get("delta-hub");
    expect(delta?.messagesLastHour).toBeGreaterThanOrEqual(4 + Math.round(60 * shareAfter));
    expect(delta?.messagesLastHour).toBeLessThanOrEqual(4 + Math.round(60 * shareBefore));
    expect(delta?.failuresLastHour).toBe(Math.round(6 * shareAfter));
    expect(byId.get("gamma-out")).toMatchObject({ kind: "mllp_outbound", isActive: false, messagesLastHour: 0, errorRate: null, lastTestAt: null });
    expect(JSON.stringify(data)).not.toMatch(/credential|endpoint/i);
  });

  it("filters by status, kind, EMR type and text (a % in the text is a literal)", async () => {
    expect(await slugs({ status: "active" })).toEqual(["alpha-fhir", "beta-feed", "delta-hub"]);
    expect(await slugs({ status: "inactive" })).toEqual(["gamma-out"]);
    expect(await slugs({ status: "connected" })).toEqual(["alpha-fhir"]);
    // Down: tested and failed, as its badge says; a connection never tested is neither connected nor down.
    expect(await slugs({ status: "down" })).toEqual(["delta-hub"]);
    expect(await slugs({ status: "untested" })).toEqual(["beta-feed"]);
    expect(await slugs({ kind: "fhir_rest" })).toEqual(["alpha-fhir", "delta-hub"]);
    expect(await slugs({ kind: "mllp_outbound" })).toEqual(["gamma-out"]);
    expect(await slugs({ emrType: "cerner" })).toEqual(["beta-feed"]);
    expect(await slugs({ q: "FEED" })).toEqual(["beta-feed"]);
    expect(await slugs({ q: "gamma-o" })).toEqual(["gamma-out"]);
    expect(await slugs({ q: "100%" })).toEqual(["delta-hub"]);
    expect(await slugs({ q: "%" })).toEqual(["delta-hub"]);
    expect(await slugs({ kind: "fhir_rest", status: "down" })).toEqual(["delta-hub"]);
  });

  it("sorts and pages on the server", async () => {
    expect(await slugs({ sort: "-name" })).toEqual(["gamma-out", "delta-hub", "beta-feed", "alpha-fhir"]);
    // Delta's count depends on the minute (the previous hour's share); the inbound feed's counts are still in Redis.
    const busiest = (await list({ sort: "-messagesLastHour" })).data;
    expect(busiest.map((row) => row.messagesLastHour)).toEqual(busiest.map((row) => row.messagesLastHour).toSorted((a, b) => b - a));
    expect(busiest.map((row) => row.connectionId).filter((slug) => slug !== "delta-hub")).toEqual(["alpha-fhir", "beta-feed", "gamma-out"]);
    expect(await slugs({ sort: "kind" })).toEqual(["alpha-fhir", "delta-hub", "beta-feed", "gamma-out"]);
    expect(await slugs({ sort: "-lastTestAt" })).toEqual(["alpha-fhir", "delta-hub", "beta-feed", "gamma-out"]);
    const second = await list({ pageSize: 3, page: 2 });
    expect(second).toMatchObject({ total: 4, page: 2, pageSize: 3 });
    expect(second.data.map((row) => row.connectionId)).toEqual(["gamma-out"]);
    expect((await list({ pageSize: 3, page: 3 })).data).toEqual([]);
  });

  it("needs connections:read", async () => {
    await expect(listConnections(contextFor("clinician"), ConnectionListCriteria.parse({}))).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect((await listConnections(contextFor("compliance"), ConnectionListCriteria.parse({}))).total).toBe(4);
  });
});

describe("getConnection", () => {
  it("returns the connection without secrets, its tests and the last 24 hours' statistics per hour with the p95", async () => {
    const detail = await getConnection(contextFor("compliance"), ids.alpha ?? "");
    expect(detail.connection).toMatchObject({ connectionId: "alpha-fhir", hasCredentials: false, credentialNames: [], baseUrl: "https://alpha.example.org/fhir", fhirVersion: "R4" });
    expect(detail.hourly.map(({ total, failed, avgMs, p95Ms }) => ({ total, failed, avgMs, p95Ms }))).toEqual([
      { total: 50, failed: 0, avgMs: 50, p95Ms: 50 },
      { total: 10, failed: 2, avgMs: 90, p95Ms: 1000 },
    ]);
    expect(detail.tests).toEqual([]);
  });

  it("answers an inbound feed's test with the last message received on it", async () => {
    const result = await testConnection(admin, ids.beta ?? "");
    expect(result).toMatchObject({ success: true, outcome: "ok", message: expect.stringMatching(/^Last message received /), latencyMs: null });
    const detail = await getConnection(admin, ids.beta ?? "");
    expect(detail.tests).toEqual([expect.objectContaining({ id: result.id, outcome: "ok", testedBy: admin.actor.name })]);
    expect(detail.connection).toMatchObject({ isConnected: true, lastTestSuccess: true, lastTestMessage: result.message });
  });

  it("answers 404 for an unknown or malformed id, and refuses a clinician", async () => {
    await expect(getConnection(admin, "00000000-0000-4000-8000-000000000000")).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(getConnection(admin, "alpha-fhir")).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(getConnection(contextFor("clinician"), ids.alpha ?? "")).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
