import { afterAll, describe, expect, it } from "vitest";
import pg from "pg";
import { Prisma } from "@/lib/generated/prisma/client";
import { ingestHl7 } from "@/lib/hl7/ingest/ingest";
import { mllpContext } from "@/lib/hl7/ingest/mllp-context";
import { Hl7MessageSearchCriteria, type Hl7MessageFilter } from "@/lib/hl7/store/criteria";
import { cappedCountStatement, hl7FilterSql, hl7PageStatement, liveCountsStatement, patientIdsStatement } from "@/lib/hl7/store/listing-sql";
import { isolateCache } from "@/lib/patients/testing/cache-isolation";

// The index plan of the message store: every filter of /hl7, alone, on 60,000 messages with realistic spreads
// (a few types and events, most processed, a dozen senders, some patients with hundreds of messages), must be read
// through an index: no sequential scan of hl7_messages for the page, its count, or the last hour's counts.

isolateCache();

const ROWS = 60_000;
const source = { transport: "mllp" as const, ctx: mllpContext({ address: "10.1.2.3", port: 40000 }, 2575) };

const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
await client.connect();
afterAll(() => client.end());

for (const mrn of ["IDX-1", "IDX-2", "IDX-3"]) {
  await ingestHl7(Buffer.from(`MSH|^~\\&|LAB|GENHOSP|MERIDIAN|HUB|20261201083000||ADT^A04|REG-${mrn}|P|2.5.1\rPID|1||${mrn}^^^GENHOSP^MR||Index^Ida||19800101|F`), source);
}
const patientIds = (await client.query<{ id: string }>("SELECT id FROM patients WHERE mrn LIKE 'IDX-%' ORDER BY mrn")).rows.map((row) => row.id);
await client.query(
  `INSERT INTO hl7_messages (message_type, trigger_event, message_control_id, direction, sending_application, sending_facility,
     message_datetime, raw_message, status, ack_code, patient_id, created_at, updated_at)
   SELECT (ARRAY['ADT','ORU','RDE','ACK','RAS','RDS'])[1 + i % 6],
          (ARRAY['A01','A04','A08','R01','O11','A40','A03','O17','O13','A31'])[1 + i % 10],
          'GEN-' || i, CASE WHEN i % 2 = 0 THEN 'inbound' ELSE 'outbound' END::"HL7Direction",
          'APP' || (i % 12), 'FAC' || (i % 9), now() - i * interval '1 second', 'MSH|^~\\&|…',
          CASE WHEN i % 2 = 1 THEN 'sent' WHEN i % 50 = 0 THEN 'error' ELSE 'processed' END::"HL7Status",
          'AA', CASE WHEN i % 100 < 3 THEN ($1::uuid[])[1 + i % 100] END, now() - i * interval '1 second', now()
   FROM generate_series(1, $2::int) AS i`,
  [patientIds, ROWS],
);
await client.query("ANALYZE hl7_messages");

interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  "Index Name"?: string;
  Plans?: PlanNode[];
}

function nodesOf(node: PlanNode): PlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(nodesOf)];
}

async function planOf(statement: Prisma.Sql): Promise<PlanNode[]> {
  const { rows } = await client.query<{ "QUERY PLAN": [{ Plan: PlanNode }] }>(`EXPLAIN (FORMAT JSON) ${statement.text}`, statement.values);
  const [plan] = rows[0]?.["QUERY PLAN"] ?? [];
  if (!plan) throw new Error("no plan");
  return nodesOf(plan.Plan);
}

const seqScans = (nodes: PlanNode[]) => nodes.filter((node) => node["Node Type"] === "Seq Scan" && node["Relation Name"] === "hl7_messages");
const indexesOf = (nodes: PlanNode[]) => [...new Set(nodes.flatMap((node) => (node["Index Name"] ? [node["Index Name"]] : [])))];

/** Each filter of the list alone, as the page sends it (the MRN as the patient it resolves to). */
const FILTERS: Record<string, Record<string, string>> = {
  none: {},
  messageType: { messageType: "ORU" },
  "messageType+event": { messageType: "ADT", event: "A40" },
  event: { event: "R01" },
  status: { status: "error" },
  direction: { direction: "inbound" },
  "date range": { from: new Date(Date.now() - 3_600_000).toISOString(), to: new Date().toISOString() },
  sendingApplication: { sendingApplication: "APP3" },
  "sendingApplication+facility": { sendingApplication: "APP3", sendingFacility: "FAC3" },
  sendingFacility: { sendingFacility: "FAC4" },
  controlId: { controlId: "GEN-4242" },
  mrn: { mrn: "IDX-2" },
};

async function filterOf(params: Record<string, string>): Promise<{ where: Prisma.Sql }> {
  const filter: Hl7MessageFilter = Hl7MessageSearchCriteria.parse(new URLSearchParams(params));
  const lookup = filter.mrn ? patientIdsStatement(filter.mrn) : null;
  const ids = lookup ? (await client.query<{ id: string }>(lookup.text, lookup.values)).rows.map((row) => row.id) : null;
  return { where: hl7FilterSql(filter, ids) };
}

describe(`message store index plan (${ROWS.toLocaleString("en-US")} messages)`, () => {
  it.each(Object.entries(FILTERS))("filter %s: the page (first and next, both orders) and its count read an index", async (_name, params) => {
    const { where } = await filterOf(params);
    const after = { createdAt: new Date(Date.now() - 1_800_000), id: "00000000-0000-4000-8000-000000000000" };
    for (const statement of [
      hl7PageStatement(where, "desc", undefined, 26),
      hl7PageStatement(where, "desc", after, 26),
      hl7PageStatement(where, "asc", after, 26),
      cappedCountStatement(where),
    ]) {
      const nodes = await planOf(statement);
      expect(seqScans(nodes), JSON.stringify(nodes.map((node) => node["Node Type"]))).toEqual([]);
      expect(indexesOf(nodes).some((index) => index.startsWith("hl7_messages_"))).toBe(true);
    }
  });

  it("counts the last hour from the indexes alone", async () => {
    const nodes = await planOf(liveCountsStatement());
    expect(seqScans(nodes)).toEqual([]);
    expect(indexesOf(nodes)).toEqual(expect.arrayContaining(["hl7_messages_direction_created_idx", "hl7_messages_status_created_idx"]));
  });
});
