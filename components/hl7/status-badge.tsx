import { Badge } from "@/components/ui/badge";
import { humanize } from "@/components/ui/format";
import type { HL7StatusEnum } from "@/lib/shared-schema/enums";

const STATUS_VARIANTS = { processed: "success", acknowledged: "success", sent: "default", received: "muted", error: "destructive" } as const;

export function Hl7StatusBadge({ status }: { status: HL7StatusEnum }) {
  return <Badge variant={STATUS_VARIANTS[status]}>{status === "error" ? "Failed" : humanize(status)}</Badge>;
}

/** ADT^A01, or the type alone when the message had no event. */
export function messageTypeText(messageType: string, triggerEvent: string | null): string {
  if (!messageType) return "(no MSH)";
  return triggerEvent ? `${messageType}^${triggerEvent}` : messageType;
}
