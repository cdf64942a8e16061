import { describe, expect, it } from "vitest";
import { flushConnectionStatistics } from "@/lib/connections/statistics";
import { ingestHl7 } from "@/lib/hl7/ingest/ingest";
import { mllpContext } from "@/lib/hl7/ingest/mllp-context";
import { fileQuery } from "@/lib/testing/sql";
import { isolateCache } from "@/lib/patients/testing/cache-isolation";

isolateCache();

const query = fileQuery();

const source = { transport: "mllp" as const, ctx: mllpContext({ address: "10.1.1.1", port: 5000 }, 2575) };
const adt = (application: string, facility: string, controlId: string, pid = "PID|1||C-1^^^CONNHOSP^MR||Conn^Test||19800101|F") =>
  Buffer.from([`MSH|^~\\&|${application}|${facility}|MERIDIAN|HUB|20261201||ADT^A04|${controlId}|P|2.5.1`, pid].join("\r"));

const inboundFeed = (connectionId: string, application: string, facility: string, active = true) =>
  query<{ id: string }>(
    `INSERT INTO emr_connections (connection_id, name, emr_type, endpoint_kind, endpoint, is_active, updated_at)
     VALUES ($1, $1, 'epic', 'mllp_inbound', $2, $3, now()) RETURNING id`,
    [connectionId, JSON.stringify({ kind: "mllp_inbound", sendingApplication: application, sendingFacility: facility }), active],
  ).then((rows) => rows[0]?.id);

describe("connection attribution", () => {
  it("counts a message on the active inbound feed that names its sending application (and facility, when it names one); unknown senders stay unattributed", async () => {
    const connection = await inboundFeed("epic-adt", "EPICADT", "CONNHOSP");
    const anyFacility = await inboundFeed("lab-any", "LABAPP", "");
    await inboundFeed("retired-feed", "OLDAPP", "", false);
    await ingestHl7(adt("EPICADT", "CONNHOSP", "K-1"), source);
    await ingestHl7(adt("EPICADT", "CONNHOSP", "K-2", "PID|1||C-1^^^CONNHOSP^MR||||not-a-date"), source);
    await ingestHl7(adt("EPICADT", "CONNHOSP", "K-1"), source);
    await ingestHl7(adt("STRANGER", "ELSEWHERE", "K-3"), source);
    await ingestHl7(adt("EPICADT", "OTHERHOSP", "K-4"), source);
    await ingestHl7(adt("LABAPP", "ANYWHERE", "K-5"), source);
    await ingestHl7(adt("OLDAPP", "CONNHOSP", "K-6"), source);
    const messages = await query("SELECT message_control_id, connection_id FROM hl7_messages WHERE direction = 'inbound' ORDER BY message_control_id");
    expect(messages).toEqual([
      { message_control_id: "K-1", connection_id: connection },
      { message_control_id: "K-2", connection_id: connection },
      { message_control_id: "K-3", connection_id: null },
      { message_control_id: "K-4", connection_id: null },
      { message_control_id: "K-5", connection_id: anyFacility },
      { message_control_id: "K-6", connection_id: null },
    ]);
    expect(await flushConnectionStatistics()).toBe(3);
    const [stats] = await query("SELECT total_requests::int AS total, successful_requests::int AS ok, failed_requests::int AS failed FROM emr_connections WHERE id = $1", [connection]);
    expect(stats).toEqual({ total: 2, ok: 1, failed: 1 });
    const [hour] = await query("SELECT total_requests::int AS total, failed_requests::int AS failed FROM connection_statistics WHERE connection_id = $1", [connection]);
    expect(hour).toEqual({ total: 2, failed: 1 });
    expect(await flushConnectionStatistics()).toBe(0);
  });

  it("finds a feed created a moment ago, though the list of feeds was read just before", async () => {
    await ingestHl7(adt("NEWAPP", "CONNHOSP", "N-1"), source);
    const feed = await inboundFeed("new-feed", "NEWAPP", "");
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await ingestHl7(adt("NEWAPP", "CONNHOSP", "N-2"), source);
    expect(await query("SELECT message_control_id, connection_id FROM hl7_messages WHERE message_control_id LIKE 'N-%' ORDER BY 1")).toEqual([
      { message_control_id: "N-1", connection_id: null },
      { message_control_id: "N-2", connection_id: feed },
    ]);
  });
});
