import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { startListenerProcess, type ListenerProcess } from "@/lib/hl7/testing/listener-process";
import { sendUntilAcknowledged } from "@/lib/hl7/testing/resending-sender";
import { resultMessage } from "@/lib/hl7/testing/sample-messages";

// The kill test: senders stream 10,000 messages over MLLP while the listener is killed with SIGKILL (twice) and
// started again; each sender resends whatever was not acknowledged. Every acknowledged message must be in the
// database exactly once, and no result row may be duplicated.

const MESSAGES = Number(process.env.KILL_TEST_MESSAGES ?? 10_000);
const LANES = 4;
const RESULTS_PER_MESSAGE = 2;
const databaseUrl = process.env.DATABASE_URL ?? "";
const superuser = new pg.Pool({ connectionString: databaseUrl, max: 2 });
// The file's database is dropped (its sessions terminated) at the end: an idle connection's error is expected then.
superuser.on("error", () => undefined);
let listener: ListenerProcess | null = null;

afterAll(async () => {
  listener?.signal("SIGKILL");
  await superuser.end();
});

async function killAndRestart(port: number): Promise<void> {
  const killed = listener;
  killed?.signal("SIGKILL");
  await killed?.exited;
  listener = await startListenerProcess(databaseUrl, port);
}

describe("a listener killed mid-stream", () => {
  it(`loses and duplicates nothing of ${MESSAGES} messages when SIGKILLed twice and restarted`, async () => {
    listener = await startListenerProcess(databaseUrl);
    const { port } = listener;
    const acks = new Map<string, string>();
    const lanes = Array.from({ length: LANES }, (_, lane) =>
      Array.from({ length: MESSAGES / LANES }, (_, n) => {
        const index = n * LANES + lane;
        const controlId = `KILL-${index}`;
        return { controlId, bytes: resultMessage(controlId, index, { patients: 100, results: RESULTS_PER_MESSAGE, sender: "KILLTEST" }) };
      }),
    );
    const sending = Promise.all(lanes.map((messages) => sendUntilAcknowledged(() => port, messages, { replyTimeoutMs: 10_000, deadlineMs: 240_000, acks })));
    const kills: number[] = [];
    for (const threshold of [0.25, 0.6]) {
      while (acks.size < MESSAGES * threshold) await new Promise((resolve) => setTimeout(resolve, 20));
      kills.push(acks.size);
      await killAndRestart(port);
    }
    await sending;

    expect(kills).toHaveLength(2);
    expect(acks.size).toBe(MESSAGES);
    expect([...acks.values()].filter((code) => code !== "AA")).toEqual([]);
    const stored = await superuser.query<{ id: string; copies: number }>(
      `SELECT message_control_id AS id, count(*)::int AS copies FROM hl7_messages
       WHERE direction = 'inbound' AND sending_application = 'KILLTEST' GROUP BY message_control_id`,
    );
    expect(stored.rows.filter((row) => row.copies !== 1)).toEqual([]);
    const storedIds = new Set(stored.rows.map((row) => row.id));
    expect([...acks.keys()].filter((id) => !storedIds.has(id))).toEqual([]);
    const [results] = (
      await superuser.query<{ rows: number; distinct: number }>(
        "SELECT count(*)::int AS rows, count(DISTINCT source_observation_id)::int AS distinct FROM observations WHERE source_emr = 'hl7:KILLTEST|LOADHOSP'",
      )
    ).rows;
    expect(results).toEqual({ rows: MESSAGES * RESULTS_PER_MESSAGE, distinct: MESSAGES * RESULTS_PER_MESSAGE });
    const patients = await superuser.query("SELECT count(*)::int AS n FROM patients WHERE mrn_authority = 'LOADHOSP'");
    expect(patients.rows).toEqual([{ n: 100 }]);
  }, 360_000);
});
