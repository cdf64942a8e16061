import { ingestHl7 } from "@/lib/hl7/ingest/ingest";
import { mllpContext } from "@/lib/hl7/ingest/mllp-context";
import { JOURNEY_MESSAGES } from "@/e2e/hl7-journey";

/** Sends the message-store journeys' messages through the real ingest, as an MLLP sender would. */
export async function seedHl7Journey(): Promise<void> {
  const source = { transport: "mllp" as const, ctx: mllpContext({ address: "127.0.0.1", port: null }, 2575) };
  for (const message of JOURNEY_MESSAGES) await ingestHl7(Buffer.from(message), source);
}
