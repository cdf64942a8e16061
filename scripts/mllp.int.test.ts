import { execFile } from "node:child_process";
import { writeFile, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { startListenerProcess, type ListenerProcess } from "@/lib/hl7/testing/listener-process";
import { sendUntilAcknowledged } from "@/lib/hl7/testing/resending-sender";
import { resultMessage } from "@/lib/hl7/testing/sample-messages";
import { cli } from "@/scripts/testing/cli-process";

// The MLLP listener as an operator runs it (`npm run mllp`), talked to by an independent HL7 client (Debian's
// python3-hl7 `mllp_send`), by our CLI, and by two listeners sharing one database.

const SLOW = 300_000;
const databaseUrl = process.env.DATABASE_URL ?? "";
const superuser = new pg.Pool({ connectionString: databaseUrl, max: 2 });
// The file's database is dropped (its sessions terminated) at the end: an idle connection's error is expected then.
superuser.on("error", () => undefined);
const listeners: ListenerProcess[] = [];

afterAll(async () => {
  for (const listener of listeners) listener.signal("SIGKILL");
  await superuser.end();
});

async function listener(): Promise<ListenerProcess> {
  const started = await startListenerProcess(databaseUrl);
  listeners.push(started);
  return started;
}

async function count(sql: string, values: unknown[] = []): Promise<number> {
  return Number((await superuser.query<{ n: string }>(sql, values)).rows[0]?.n);
}

describe("the MLLP listener process", () => {
  it("acknowledges messages from mllp_send (python3-hl7), each with its own control id, after storing them", async () => {
    const { port } = await listener();
    const folder = await mkdtemp(path.join(tmpdir(), "mllp-send-"));
    const file = path.join(folder, "messages.hl7");
    // --loose: one message per MSH, segments on lines of their own, as exported files usually are.
    const messages = ["PY-1", "PY-2", "PY-3"].map((id, index) => resultMessage(id, index, { sender: "PYSEND" }).toString().replaceAll("\r", "\r\n"));
    await writeFile(file, messages.join(""));
    const { stdout } = await promisify(execFile)("mllp_send", ["--loose", "--port", String(port), "--file", file, "127.0.0.1"]);
    const msa = stdout.split(/\r|\n/).filter((line) => line.startsWith("MSA"));
    expect(msa).toEqual(["MSA|AA|PY-1", "MSA|AA|PY-2", "MSA|AA|PY-3"]);
    expect(await count("SELECT count(*) AS n FROM hl7_messages WHERE direction = 'inbound' AND sending_application = 'PYSEND'")).toBe(3);
    expect(await count("SELECT count(*) AS n FROM observations WHERE source_emr = 'hl7:PYSEND|LOADHOSP'")).toBe(15);
  }, SLOW);

  it("works with the CLI: hl7 send prints each ACK and exits 1 on an AE; hl7 reprocess applies it once its cause is fixed", async () => {
    const { port } = await listener();
    const folder = await mkdtemp(path.join(tmpdir(), "hl7-cli-"));
    const order = (controlId: string, control: string) =>
      `MSH|^~\\&|CLISEND|CLIHOSP|MERIDIAN|HUB|20261201||RDE^O11|${controlId}|P|2.5.1\nPID|1||C-1^^^CLIHOSP^MR||Cli^Patient||19800101|F\nORC|${control}|ORD-1\nRXE|^^^20261201|197361^Amlodipine^RXNORM|5||mg\n`;
    await writeFile(path.join(folder, "stop-first.hl7"), `${order("CLI-1", "NW").replace("ORD-1", "ORD-0")}\n${order("CLI-2", "DC")}`);
    const sent = await cli(["hl7", "send", path.join(folder, "stop-first.hl7"), "--port", String(port)]);
    expect(sent.status).toBe(1);
    expect(sent.stdout).toMatch(/stop-first\.hl7: AA CLI-1\n.*stop-first\.hl7: AE CLI-2 — The order to stop/s);
    await writeFile(path.join(folder, "order.hl7"), order("CLI-3", "NW"));
    expect((await cli(["hl7", "send", path.join(folder, "order.hl7"), "--port", String(port)])).status).toBe(0);
    const reprocessed = await cli(["hl7", "reprocess"]);
    expect(reprocessed.stdout).toMatch(/: processed \(AA\), retry 1\n1 of 1 reprocessed/);
    expect(reprocessed.status).toBe(0);
    expect((await superuser.query("SELECT status FROM medications WHERE source_medication_id = 'ORDER:ORD-1'")).rows).toEqual([{ status: "stopped" }]);
  }, SLOW);

  it("two listeners sharing the database, sent the same messages at the same time, apply each exactly once", async () => {
    const [first, second] = [await listener(), await listener()];
    const messages = Array.from({ length: 150 }, (_, index) => ({ controlId: `TWIN-${index}`, bytes: resultMessage(`TWIN-${index}`, index, { sender: "TWINS", results: 3 }) }));
    const senders = [first, second, first, second].map((target) => sendUntilAcknowledged(() => target.port, messages, { replyTimeoutMs: 20_000, deadlineMs: 240_000 }));
    const results = await Promise.all(senders);
    for (const acks of results) expect([...acks.values()].every((code) => code === "AA")).toBe(true);
    expect(await count("SELECT count(*) AS n FROM hl7_messages WHERE direction = 'inbound' AND sending_application = 'TWINS'")).toBe(150);
    expect(await count("SELECT count(*) AS n FROM observations WHERE source_emr = 'hl7:TWINS|LOADHOSP'")).toBe(450);
    expect(await count("SELECT count(*) AS n FROM patients WHERE mrn LIKE 'L-%' AND mrn_authority = 'LOADHOSP'")).toBe(50);
  }, SLOW);

  it("on SIGTERM stops accepting, acknowledges what it holds, and exits 0", async () => {
    const running = await listener();
    const messages = Array.from({ length: 40 }, (_, index) => ({ controlId: `TERM-${index}`, bytes: resultMessage(`TERM-${index}`, index, { sender: "TERM" }) }));
    const acknowledged = new Map<string, string>();
    const sending = sendUntilAcknowledged(() => running.port, messages, { replyTimeoutMs: 5000, deadlineMs: 3000, acks: acknowledged }).catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 500));
    running.signal("SIGTERM");
    expect(await running.exited).toBe(0);
    await sending;
    expect(acknowledged.size).toBeGreaterThan(0);
    const stored = await superuser.query<{ id: string }>("SELECT message_control_id AS id FROM hl7_messages WHERE direction = 'inbound' AND sending_application = 'TERM'");
    const storedIds = new Set(stored.rows.map((row) => row.id));
    for (const id of acknowledged.keys()) expect(storedIds.has(id)).toBe(true);
  }, SLOW);
});
