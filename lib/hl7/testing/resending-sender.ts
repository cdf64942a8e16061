import { connectMllp, type MllpClient } from "@/lib/hl7/mllp/client";
import { summarizeAcks } from "@/lib/hl7/cli/ack-summary";

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Closing a connection the listener dropped may never finish: give it a moment, then move on. */
const closeQuietly = (client: MllpClient | null) => Promise.race([client?.close().catch(() => undefined), pause(500)]);

/**
 * A sender as a real interface engine behaves: one message at a time per connection, and a message without an ACK
 * (connection refused or dropped, no answer in time) is sent again on a new connection until it is acknowledged.
 * Returns the ACK code of every control id it sent.
 */
export async function sendUntilAcknowledged(
  port: () => number,
  messages: { controlId: string; bytes: Buffer }[],
  options: { replyTimeoutMs: number; deadlineMs: number; acks?: Map<string, string> },
): Promise<Map<string, string>> {
  const acks = options.acks ?? new Map<string, string>();
  const deadline = Date.now() + options.deadlineMs;
  let client: MllpClient | null = null;
  for (const message of messages) {
    for (;;) {
      if (Date.now() > deadline) throw new Error(`message ${message.controlId} was never acknowledged`);
      try {
        client ??= await connectMllp("127.0.0.1", port(), { replyTimeoutMs: options.replyTimeoutMs });
        const [ack] = summarizeAcks(await client.send(message.bytes));
        if (ack?.controlId !== message.controlId) throw new Error(`ACK for ${ack?.controlId} answered ${message.controlId}`);
        acks.set(message.controlId, ack.code);
        break;
      } catch (error) {
        if (error instanceof Error && error.message.startsWith("ACK for")) throw error;
        await closeQuietly(client);
        client = null;
        await pause(100);
      }
    }
  }
  await closeQuietly(client);
  return acks;
}
