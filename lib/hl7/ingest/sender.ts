import { bounded } from "@/lib/hl7/map/datatypes";

/** Who sent a message, as MSH-3/MSH-4 name it: the dedupe key's first half and the records' source. */
export interface Sender {
  application: string;
  facility: string;
}

/**
 * The `source_emr` of records a sender's messages create. Their source ids (order, code and sub-id of a result;
 * order number of a medication) are unique only within one sender, so the sender is part of the key.
 */
export function sourceOf(sender: Sender): string {
  return bounded(`hl7:${sender.application}|${sender.facility}`, 64);
}
