import { splitBatch } from "@/lib/hl7/er7/batch";
import { parseMessage, valueAt } from "@/lib/hl7/er7/message";

export interface AckSummary {
  code: string;
  controlId: string;
  /** The error text (ERR-8, or MSA-3 for v2.3), when there is one. */
  error: string;
}

/** What each ACK of a reply says: MSA-1, MSA-2 and the error text; a reply that is not an ACK reads as code "?". */
export function summarizeAcks(reply: Buffer): AckSummary[] {
  return splitBatch(reply.toString("latin1")).map((text) => {
    try {
      const ack = parseMessage(text);
      const msa = ack.segment("MSA");
      const err = ack.segment("ERR");
      return { code: valueAt(msa, 1) || "?", controlId: valueAt(msa, 2), error: valueAt(err, 8) || valueAt(msa, 3) || valueAt(err, 3, 2) };
    } catch {
      return { code: "?", controlId: "", error: "the reply is not an HL7 acknowledgement" };
    }
  });
}
