import { describe, expect, it } from "vitest";
import { flushConnectionCounts } from "@/lib/hl7/ingest/connections";
import { ingestHl7 } from "@/lib/hl7/ingest/ingest";
import { mllpContext } from "@/lib/hl7/ingest/mllp-context";
import { fileQuery } from "@/lib/testing/sql";
import { isolateCache } from "@/lib/patients/testing/cache-isolation";

isolateCache();

const query = fileQuery();

const source = { transport: "mllp" as const, ctx: mllpContext({ address: "10.1.1.1", port: 5000 }, 2575) };
const adt = (application: string, facility: string, controlId: string, pid = "PID|1||C-1^^^CONNHOSP^MR||Conn^Test||19800101|F") =>
  Buffer.from([`MSH|^~\\&|${application}|${facility}|MERIDIAN|HUB|20261201||ADT^A04|${controlId}|P|2.5.1`, pid].join("\r"));

describe("connection attribution", () => {
  it("counts a message on the connection that names its sending application and facility; unknown senders stay unattributed", async () => {
    const [connection] = await query<{ id: string }>(
      `INSERT INTO emr_connections (connection_id, name, emr_type, config, updated_at)
       VALUES ('epic-main', 'Epic main', 'epic', '{"hl7": {"sendingApplication": "EPICADT", "sendingFacility": "CONNHOSP"}}', now()) RETURNING id`,
    );
    await ingestHl7(adt("EPICADT", "CONNHOSP", "K-1"), source);
    await ingestHl7(adt("EPICADT", "CONNHOSP", "K-2", "PID|1||C-1^^^CONNHOSP^MR||||not-a-date"), source);
    await ingestHl7(adt("EPICADT", "CONNHOSP", "K-1"), source);
    await ingestHl7(adt("STRANGER", "ELSEWHERE", "K-3"), source);
    const messages = await query("SELECT message_control_id, connection_id FROM hl7_messages WHERE direction = 'inbound' ORDER BY message_control_id");
    expect(messages).toEqual([
      { message_control_id: "K-1", connection_id: connection?.id },
      { message_control_id: "K-2", connection_id: connection?.id },
      { message_control_id: "K-3", connection_id: null },
    ]);
    await flushConnectionCounts();
    const [stats] = await query("SELECT total_requests::int AS total, successful_requests::int AS ok, failed_requests::int AS failed FROM emr_connections WHERE id = $1", [connection?.id]);
    expect(stats).toEqual({ total: 2, ok: 1, failed: 1 });
  });
});
